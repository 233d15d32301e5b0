import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import { ApiError } from '@shared/api/api-error';
import { currentPack, deployPack, type PackFile, type PackProblem, type PackVersion } from '../api/packs-api';
import { errorText } from '../lib/error-text';

/**
 * The tenant's pack as its editors change it: the files of the version it runs, one file at a
 * time replaced, and all of them deployed again as the next version of the one loaded (another
 * administrator's deploy in between is refused, not overwritten). A refusal's problems (file,
 * JSON pointer, reason) are kept for the screen to put where they belong.
 */
export function usePackFiles() {
  const { t } = useI18n();
  const pack = shallowRef<PackVersion | null>(null);
  const files = shallowRef<PackFile[]>([]);
  const problems = ref<PackProblem[]>([]);
  const deploying = ref(false);
  const failure = ref('');

  async function load(): Promise<boolean> {
    try {
      const current = await currentPack();
      pack.value = current.pack;
      files.value = current.files;
      return true;
    } catch (error) {
      failure.value = errorText(error);
      return false;
    }
  }

  const file = (path: string) => files.value.find((candidate) => candidate.path === path);
  /** A JSON file of the pack, parsed; undefined when the pack has none. */
  const json = <T>(path: string): T | undefined => {
    const found = file(path);
    return found ? (JSON.parse(found.content) as T) : undefined;
  };
  function replace(path: string, content: string): void {
    files.value = files.value.map((candidate) => (candidate.path === path ? { path, content } : candidate));
  }
  const replaceJson = (path: string, value: unknown) => replace(path, `${JSON.stringify(value, null, 2)}\n`);

  /** Deploys the files; true when the server took them (a new version, or nothing changed). */
  async function deploy(): Promise<boolean> {
    deploying.value = true;
    problems.value = [];
    try {
      const deployed = await deployPack(files.value, pack.value?.id);
      // The next deploy of this screen starts from the version just made.
      pack.value = { id: deployed.id, name: deployed.name, version: deployed.version };
      ElMessage.success(t('catalogue.deployed', { version: deployed.version }));
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'GF_ERR_PACK_INVALID') {
        problems.value = error.details as PackProblem[];
        ElMessage.error(t('catalogue.refused', { count: problems.value.length }));
      } else if (error instanceof ApiError && error.code === 'GF_ERR_PACK_CHANGED') {
        const [detail] = error.details as { currentVersion?: number }[];
        ElMessage.error({ message: t('catalogue.changedMeanwhile', { version: detail?.currentVersion ?? '?' }), duration: 8_000 });
      } else ElMessage.error(errorText(error));
      return false;
    } finally {
      deploying.value = false;
    }
  }

  return { pack, files, problems, deploying, failure, load, file, json, replace, replaceJson, deploy };
}
