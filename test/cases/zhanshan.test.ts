import { beforeAll, describe, expect, it } from 'vitest';
import { ok, usePackApi } from '../support/packs.ts';

/**
 * Zhanshan community, Qingdao (field study 001): grid self-management. Each rule of the
 * committee's rules of procedure (《湛山社区自管会议事规则》) as the `zhanshan` pack encodes it —
 * in its deliberation process, forms and rule sets — is a scenario through the API here.
 */
describe('Zhanshan community: grid self-management and deliberation', () => {
  const api = usePackApi();
  const T = 'zhanshan';
  // Grid 03, the pilot: its party secretary (also grid leader and full-time worker) and its committee's director.
  const grid = 'zs-03';
  const partySecretary = 'p-0003';
  const director = 'p-0029';
  const residentsCommittee = 'p-0060';
  let today = '';

  const instance = async (id: string) => (await api.request('GET', `/api/v1/process-instances/${id}?tenantId=${T}`)).body;
  const waitingAt = async (id: string, elementId: string) => {
    await expect.poll(async () => (await instance(id)).activeElementIds, { timeout: 15_000 }).toContain(elementId);
  };
  const endedAt = async (id: string) => {
    await expect.poll(async () => (await instance(id)).state, { timeout: 15_000 }).toBe('completed');
    const history = (await api.request('GET', `/api/v1/process-instances/${id}/history?tenantId=${T}`)).body;
    const entries = Array.isArray(history) ? history : history.entries ?? history.elements ?? [];
    return entries.map((entry: any) => entry.elementId);
  };
  /** Completes the open task of `elementId` as `actor`, with the form's values. */
  const complete = async (id: string, elementId: string, actor: string, variables: Record<string, unknown>) => {
    await waitingAt(id, elementId);
    const tasks = (await api.request('GET', `/api/v1/tasks?tenantId=${T}&processInstanceId=${id}&elementId=${elementId}`)).body;
    expect(tasks, elementId).toHaveLength(1);
    return api.request('POST', `/api/v1/tasks/${tasks[0].id}/complete`, { tenantId: T, actor, variables });
  };
  const signatures = (adults: number, minors = 0) => [
    ...Array.from({ length: adults }, (_, index) => ({ name: `居民${index + 1}`, age: 30 + index })),
    ...Array.from({ length: minors }, (_, index) => ({ name: `少年${index + 1}`, age: 16 })),
  ];
  /** A topic tabled and registered by the grid's committee. */
  const table = async (proposal: Record<string, unknown>) => {
    const started = await api.request('POST', '/api/v1/process-instances', { tenantId: T, processKey: 'zhanshan-deliberation', variables: { gridId: grid } });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id as string;
    await ok(complete(id, 'register-topic', director, { title: '绿化死角改造为小花园', proposer: '张建华', tabledOn: today, ...proposal }));
    return id;
  };
  const review = (id: string, values: Record<string, unknown> = {}) =>
    ok(complete(id, 'party-review', partySecretary, { approved: true, wideImpact: false, affectedHouseholds: 40, adhoc: true, ...values }));
  const meet = (id: string, values: Record<string, unknown>) =>
    ok(complete(id, 'meeting', director, { meetingOn: today, present: 21, votesFor: 15, votesAgainst: 4, disputed: false, ...values }));

  beforeAll(async () => {
    await api.deployPack('zhanshan', T);
    const monday = await api.toWorkingMonday();
    today = monday.toISOString().slice(0, 10);
  });

  it('should show the grid staff and the self-management committee with their phones on the grid\'s public board', async () => {
    const board = (await api.request('GET', `/api/v1/boards/${grid}?tenantId=${T}`)).body;

    expect(board.grid).toMatchObject({ name: '湛山社区“03”网格' });
    expect(board.grid.households).toBeGreaterThanOrEqual(300);
    expect(board.grid.households).toBeLessThanOrEqual(500);
    const posts = board.staff.map((member: any) => member.post);
    expect(posts).toEqual(expect.arrayContaining(['gridPartySecretary', 'gridLeader', 'gridWorker', 'professionalWorker', 'partTimeWorker', 'committeeDirector', 'committeeDeputy', 'committeeMember']));
    expect(board.staff.filter((member: any) => member.kind === 'selfManagement')).toHaveLength(6);
    expect(board.staff.every((member: any) => /^1\d{10}$/.test(member.phone))).toBe(true);
  });

  describe('who may table a topic', () => {
    it('should admit a topic tabled by at least 10 residents aged 18 or over', async () => {
      const id = await table({ proposerKind: 'residents', signatures: signatures(10, 3) });
      await waitingAt(id, 'party-review');
    });

    it('should NOT admit a topic with fewer than 10 adult signatures, however many minors sign', async () => {
      const id = await table({ proposerKind: 'residents', signatures: signatures(9, 6) });
      expect(await endedAt(id)).toContain('not-admitted');
      const decision = (await api.request('GET', `/api/v1/process-instances/${id}?tenantId=${T}`)).body.variables.admission;
      expect(decision).toMatchObject({ admissible: false });
    });

    it('should admit a topic of the grid party organisation or of a committee member without signatures', async () => {
      const byParty = await table({ proposerKind: 'partyOrganisation' });
      const byMember = await table({ proposerKind: 'committeeMember' });
      await waitingAt(byParty, 'party-review');
      await waitingAt(byMember, 'party-review');
    });

    it('should refuse a registration that leaves out what the form requires, naming the field', async () => {
      const started = await api.request('POST', '/api/v1/process-instances', { tenantId: T, processKey: 'zhanshan-deliberation', variables: { gridId: grid } });
      const answer = await complete(started.body.id, 'register-topic', director, { title: '停车难', proposer: '王秀英' });
      expect(answer).toMatchObject({ status: 400, body: { code: 'GF_ERR_FORM_INVALID' } });
      expect(JSON.stringify(answer.body.details)).toContain('proposerKind');
      await waitingAt(started.body.id, 'register-topic');
    });
  });

  it('should admit 8 signatures once policy staff lower the threshold and the street\'s approver approves it', async () => {
    // given the rules officer drafts a version of topic-admission asking for 8 adult signatures
    const editor = api.as(T, 'p-0065');
    const approver = api.as(T, 'p-0066');
    const current = (await editor('GET', `/api/v1/rule-sets/topic-admission?tenantId=${T}`)).body;
    const active = (await editor('GET', `/api/v1/rule-sets/topic-admission/versions/${current.activeVersion ?? current.active?.version}?tenantId=${T}`)).body;
    const rules = structuredClone(active.rules);
    rules.find((rule: any) => rule.name === '居民联名提出').conditions.all[1].value = 8;
    const draft = await editor('POST', `/api/v1/rule-sets/topic-admission/versions`, { tenantId: T, rules, facts: active.facts, comment: '联名门槛调整为 8 人' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const before = await table({ proposerKind: 'residents', signatures: signatures(8) });

    // when it is submitted and approved by the other person
    expect((await editor('POST', `/api/v1/rule-sets/topic-admission/versions/${draft.body.version}/submit`, { tenantId: T })).status).toBe(200);
    expect((await editor('POST', `/api/v1/rule-sets/topic-admission/versions/${draft.body.version}/approve`, { tenantId: T, comment: '自批' })).status).toBe(403);
    const approved = await approver('POST', `/api/v1/rule-sets/topic-admission/versions/${draft.body.version}/approve`, { tenantId: T, comment: '同意' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await expect.poll(async () => (await editor('GET', `/api/v1/rule-sets/topic-admission/versions/${draft.body.version}?tenantId=${T}`)).body.status, { timeout: 15_000 }).toBe('active');

    // then a topic with 8 adult signatures is admitted, and the one tabled before was not
    const after = await table({ proposerKind: 'residents', signatures: signatures(8) });
    await waitingAt(after, 'party-review');
    expect(await endedAt(before)).toContain('not-admitted');
  });

  describe('review, hearing and the vote', () => {
    it('should end a topic the grid party organisation does not approve', async () => {
      const id = await table({ proposerKind: 'committeeMember' });
      await review(id, { approved: false, opinion: '属于物业合同事项，不宜议事' });
      expect(await endedAt(id)).toContain('review-failed');
    });

    it('should hold a hearing before the meeting on a matter of wide impact, and not on another', async () => {
      const wide = await table({ proposerKind: 'partyOrganisation', title: '健身广场改造' });
      const small = await table({ proposerKind: 'partyOrganisation', title: '楼道照明' });
      await review(wide, { wideImpact: true, affectedHouseholds: 480 });
      await review(small, { wideImpact: false, affectedHouseholds: 12 });

      await waitingAt(wide, 'hearing-meeting');
      await waitingAt(small, 'meeting');
      await ok(complete(wide, 'hearing-meeting', director, { hearingOn: today, participants: 36, opinions: '多数居民支持，建议保留晨练区域' }));
      await waitingAt(wide, 'meeting');
    });

    it('should pass a topic by a majority of the open vote, then publish it, report it to the party organisation, file it with the community and carry it out', async () => {
      const id = await table({ proposerKind: 'committeeMember' });
      await review(id);

      await meet(id, { votesFor: 12, votesAgainst: 8 });
      await ok(complete(id, 'publish', director, { publishedOn: today, where: '网格公示牌、居民微信群' }));
      await waitingAt(id, 'report-party');
      await waitingAt(id, 'file-community');
      await ok(complete(id, 'report-party', partySecretary, { acknowledged: true }));
      await ok(complete(id, 'file-community', residentsCommittee, { filingNumber: 'ZS-2026-017', filedOn: today }));
      await ok(complete(id, 'implement', director, { implemented: true, result: '卫生死角已改造为小花园' }));

      const path = await endedAt(id);
      expect(path).toEqual(expect.arrayContaining(['vote', 'publish', 'report-party', 'file-community', 'implement', 'implemented']));
      expect((await instance(id)).variables.decision).toMatchObject({ outcome: 'passed' });
    });

    it('should NOT pass a tied vote', async () => {
      const id = await table({ proposerKind: 'committeeMember' });
      await review(id);

      await meet(id, { votesFor: 9, votesAgainst: 9 });

      expect(await endedAt(id)).toContain('rejected');
    });

    it('should vote on a disputed topic when only half of those present agree to defer it', async () => {
      const id = await table({ proposerKind: 'committeeMember' });
      await review(id);

      await meet(id, { present: 20, votesFor: 11, votesAgainst: 9, disputed: true, deferVotes: 10 });

      await waitingAt(id, 'publish');
    });
  });

  describe('the quarterly meeting', () => {
    it('should wait for the next quarterly meeting unless called ad hoc, and defer a strongly disputed topic to the one after when more than half present agree', async () => {
      // given a topic the party organisation sends to the quarterly meeting
      const id = await table({ proposerKind: 'partyOrganisation', title: '不文明养犬公约' });
      await review(id, { adhoc: false });

      // then it waits for the 15th of the quarter's first month at 19:00
      await waitingAt(id, 'quarterly-meeting');
      const [year, month] = today.split('-').map(Number) as [number, number];
      const quarterAfter = (y: number, m: number): [number, number] => (m >= 10 ? [y + 1, 1] : [y, Math.floor((m - 1) / 3) * 3 + 4]);
      const [nextYear, nextMonth] = quarterAfter(year, month);
      const meetingAt = (y: number, m: number) => new Date(`${y}-${String(m).padStart(2, '0')}-15T19:00:00+08:00`);
      await api.request('POST', '/api/v1/test-clock', { now: new Date(meetingAt(nextYear, nextMonth).getTime() - 60_000).toISOString() });
      expect((await instance(id)).activeElementIds).toEqual(['quarterly-meeting']);
      await api.advance(60_000);
      await waitingAt(id, 'meeting');

      // when the meeting is strongly divided and 11 of 20 present agree to defer it
      const firstMeeting = `${nextYear}-${String(nextMonth).padStart(2, '0')}-15`;
      await ok(complete(id, 'meeting', director, { meetingOn: firstMeeting, present: 20, votesFor: 10, votesAgainst: 10, disputed: true, deferVotes: 11 }));

      // then it waits for the next quarter's meeting, where it is voted on
      await waitingAt(id, 'quarterly-meeting');
      expect((await instance(id)).variables.decision).toMatchObject({ outcome: 'deferred' });
      const [laterYear, laterMonth] = quarterAfter(nextYear, nextMonth);
      await api.request('POST', '/api/v1/test-clock', { now: meetingAt(laterYear, laterMonth).toISOString() });
      await ok(complete(id, 'meeting', director, { meetingOn: `${laterYear}-${String(laterMonth).padStart(2, '0')}-15`, present: 24, votesFor: 17, votesAgainst: 5, disputed: false }));
      await waitingAt(id, 'publish');
    });
  });
});
