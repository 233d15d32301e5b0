/** 简体中文：网格员端的全部界面文字。 */
export default {
  app: { title: '网格员' },
  tab: { tasks: '任务', report: '上报', me: '我的' },
  signIn: {
    title: '网格化服务管理', subtitle: '网格员登录', tenant: '租户', login: '账号', password: '密码',
    loginPlaceholder: '请输入账号（人员编号）', passwordPlaceholder: '请输入密码', submit: '登录', required: '请填写{field}',
  },
  tasks: {
    mine: '我的任务', queue: '网格待办', empty: '暂无任务', claim: '领取', claimed: '已领取', loading: '加载中…', noMore: '没有更多了',
    pulling: '下拉刷新', loosing: '释放刷新', due: '截止 {time}', noDue: '无时限', created: '{time} 派发', caseOf: '事件 {code}',
  },
  sla: { blue: '正常', yellow: '即将超时', red: '已超时' },
  detail: {
    title: '任务详情', case: '事件信息', item: '事项', description: '描述', place: '位置', grid: '网格', state: '状态', due: '办理时限',
    timeline: '办理经过', photos: '照片', form: '办理', submit: '提交', submitted: '已提交', noForm: '此任务无需填写表单', formUnavailable: '表单暂无法加载：{reason}',
    notAStep: '此任务不属于事件', operations: '其他操作', notOpen: '此任务已不在办理中',
  },
  operation: {
    report: '事件上报', handle: '办结', verify: '核查', callback: '回访', 'extension-decision': '延期审批', escalate: '上报', return: '退回', transfer: '转办',
    'extension-request': '申请延期', urge: '催办', supervise: '督办', park: '挂账', defer: '缓办', resume: '恢复办理', triage: '分流研判', reopen: '重新办理',
    reason: '理由', reasonPlaceholder: '请说明理由', days: '延期天数（工作日）', toPost: '转给岗位', toGridId: '转给网格', letter: '督办函',
    toAuthority: '直接报送有事权的层级', submit: '确定', done: '{operation}已提交', required: '请填写{field}',
  },
  step: { handle: '处置', verify: '核查', callback: '回访', 'extension-decision': '延期审批', 'approve-extension': '延期审批' },
  timeline: {
    'step-opened': '{step}：待办理', 'step-completed': '{step}：已完成', 'rule-decision': '规则判定', system: '系统', empty: '暂无记录',
  },
  caseState: { open: '办理中', escalated: '已上报', handled: '已处置', closed: '已办结', parked: '已挂账', deferred: '已缓办' },
  level: { grid: '网格', community: '社区', street: '街道', district: '区', city: '市', department: '职能部门' },
  report: {
    title: '事件上报', item: '事项', itemPlaceholder: '选择事项', search: '按名称或拼音首字母搜索', description: '事件描述',
    descriptionPlaceholder: '请描述现场情况', photos: '现场照片', location: '发生位置', locate: '获取当前位置', locating: '定位中…',
    locateFailed: '无法获取位置：{reason}。可手动填写经纬度，或选择网格', lng: '经度', lat: '纬度', grid: '所在网格', gridPlaceholder: '按位置自动确定，或手动选择',
    outside: '该位置不在任何网格内', more: '补充信息', submit: '上报', submitted: '上报成功', newCase: '新事件', progress: '办理进度', again: '继续上报',
    toTasks: '返回任务', required: '请填写{field}',
  },
  outbox: {
    title: '待发送', waiting: '等待发送', sending: '发送中', failed: '发送失败', none: '无', empty: '没有等待发送的内容',
    banner: '{count} 条等待发送，联网后自动发送', bannerFailed: '{count} 条待发送，其中 {failed} 条发送失败，请处理', sent: '已发送 {count} 条',
    kept: '已保存在手机上，联网后自动发送', sendNow: '立即发送', fix: '修改', discard: '丢弃', openTask: '查看任务',
    discardConfirm: '丢弃后这条内容不会再发送，确定吗？', madeAt: '{time} 提交', location: '位置 {lng}, {lat}', photos: '{count} 张照片',
    attempts: '已尝试 {count} 次', report: '上报', completion: '办理',
    signOutWaiting: '还有 {count} 条等待发送，将在此账号下次登录后继续发送。确定退出吗？',
    note: '没有网络时提交的内容保存在本机，联网后按提交顺序自动发送，每条只办理一次。发送失败的内容请修改后重新提交，或丢弃。',
  },
  offline: { readAt: '离线 · 显示 {time} 读取的内容' },
  me: { title: '我的', posts: '岗位', language: '语言 / Language', signOut: '退出登录', tenant: '租户' },
  error: {
    GF_ERR_AUTH_INVALID_CREDENTIALS: '账号或密码错误', GF_ERR_AUTH_RATE_LIMITED: '尝试次数过多，请稍后再试',
    GF_ERR_AUTH_REQUIRED: '登录已过期，请重新登录', GF_ERR_AUTH_TOKEN_INVALID: '登录已失效，请重新登录', GF_ERR_AUTH_TOKEN_REUSED: '登录已失效，请重新登录',
    GF_ERR_AUTH_FORBIDDEN: '没有权限进行此操作', GF_ERR_FORM_INVALID: '表单填写有误，请按提示修改',
    GF_ERR_CASE_OPERATION_NOT_ALLOWED: '当前环节不允许此操作', GF_ERR_CASE_ITEM_UNKNOWN: '事项不在事项清单中',
    GF_ERR_GRID_LOCATION_OUTSIDE: '该位置不在任何网格内', GF_ERR_IDEMPOTENCY_KEY_REUSED: '重复提交的内容不一致，请重新提交',
    GF_ERR_REQUEST_INVALID: '提交的内容不符合要求', GF_CLIENT_NETWORK: '网络连接失败，请检查网络后重试',
    GF_ERR_TASK_NOT_OPEN: '此任务已不在办理中', GF_ERR_ATTACHMENT_TYPE: '照片格式不支持', GF_ERR_ATTACHMENT_TOO_LARGE: '照片太大',
    GF_ERR_ATTACHMENT_UNKNOWN: '照片未上传成功，请重新选择', GF_CLIENT_OUTBOX_EXPIRED: '超过 7 天未能确认送达，请核对后重新提交或丢弃', GF_CLIENT_UNEXPECTED: '保存在手机上的内容无法读取', notFound: '未找到', generic: '操作失败（{code}）',
  },
  board: {
    title: '网格公示牌', notFound: '未找到该网格', households: '共 {count} 户', staff: '网格服务力量', noStaff: '暂无公示人员',
    partners: '网格+N 协同力量', note: '有事请拨打网格员电话，也可拨打 12345 市民服务热线。',
    partnerKind: { police: '警格', property: '物业服务', volunteer: '志愿服务', socialOrganisation: '社会组织', department: '职能部门' },
  },
};
