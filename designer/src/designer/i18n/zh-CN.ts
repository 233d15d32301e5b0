/** 简体中文：设计器的全部界面文字（建模器自身的文字见 modeler/translations-zh.ts）。 */
export default {
  app: { title: '网格化流程设计器', processes: '流程', signOut: '退出登录', language: 'English' },
  signIn: {
    title: '网格化服务管理', subtitle: '设计器登录', tenant: '租户', login: '账号', password: '密码', submit: '登录',
    required: '请填写{field}', failed: '登录失败：{reason}',
  },
  processes: {
    title: '流程', create: '新建流程', import: '导入 .bpmn', key: '流程编号', name: '名称', version: '版本', latest: '最新版本',
    versions: '{count} 个版本', open: '打开', empty: '还没有部署的流程', loading: '加载中…',
    newTitle: '新建流程', keyHint: '小写字母开头，只含小写字母、数字和连字符', keyInvalid: '流程编号格式不对', keyTaken: '已有此编号的流程',
    cancel: '取消', confirm: '创建',
  },
  editor: {
    back: '返回流程列表', deploy: '部署', deploying: '正在部署…', export: '导出 .bpmn', import: '导入 .bpmn', readOnly: '只读：第 {version} 版',
    editLatest: '编辑最新版本', version: '第 {version} 版', draft: '未部署', problems: '检查结果', noProblems: '没有问题',
    errors: '{count} 个错误', warnings: '{count} 个警告', blocked: '有错误，不能部署：先修正检查结果中的错误',
    deployed: '已部署：{key} 第 {version} 版', unchanged: '没有改动：仍是第 {version} 版', serverProblems: '服务器拒绝部署',
    loadFailed: '无法打开流程：{reason}', importFailed: '无法导入：{reason}', selectElement: '定位',
    level: { error: '错误', warn: '警告', info: '提示', 'rule-error': '规则出错' },
    unsaved: '有未部署的修改，确定离开？',
    watch: '在办数量', refresh: '刷新', readAt: '{time} 读取', incidents: '故障',
  },
  error: {
    network: '无法连接服务器', unknown: '出错了：{message}',
    GF_ERR_AUTH_INVALID_CREDENTIALS: '账号或密码错误', GF_ERR_AUTH_RATE_LIMITED: '尝试次数过多，请稍后再试',
    GF_ERR_AUTH_REQUIRED: '登录已过期，请重新登录', GF_ERR_AUTH_TOKEN_INVALID: '登录已失效，请重新登录', GF_ERR_AUTH_TOKEN_REUSED: '登录已失效，请重新登录',
    GF_ERR_AUTH_FORBIDDEN: '没有权限进行此操作', GF_ERR_DEPLOYMENT_INVALID: '流程不能部署：见下列问题', GF_ERR_BPMN_INVALID_XML: '不是有效的 BPMN 文件',
    GF_ERR_BPMN_NO_PROCESS: '文件中没有流程',
  },
};
