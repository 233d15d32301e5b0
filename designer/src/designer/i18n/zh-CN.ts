/** 简体中文：设计器的全部界面文字（建模器自身的文字见 modeler/translations-zh.ts）。 */
export default {
  app: { title: '网格化流程设计器', processes: '流程', rules: '规则', signOut: '退出登录', language: 'English' },
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
  rules: {
    title: '规则集', empty: '没有规则集', name: '名称', key: '编号', active: '生效版本', description: '说明', none: '无', back: '返回规则集',
    activeVersion: '生效中：第 {version} 版', newDraft: '新建草稿', status: '状态', author: '起草人', comment: '修改说明', createdAt: '起草时间',
    statusName: { draft: '草稿', pending: '待审批', approved: '已批准', active: '生效中', superseded: '已被替代', rejected: '已退回', retired: '已停用' },
    diff: '对比', diffTitle: '第 {from} 版 → 第 {to} 版', noChange: '规则没有变化', approve: '批准', reject: '退回',
    approveComment: '审批意见', rejectComment: '退回理由', agreed: '同意', approved: '已批准第 {version} 版，立即生效', rejected: '已退回第 {version} 版',
    editingTitle: '编辑草稿（基于生效版本）', commentPlaceholder: '为什么修改（必填，审批人会看到）', commentRequired: '请填写修改说明', saveDraft: '保存草稿',
    saved: '已保存为第 {version} 版草稿', toolsTitle: '第 {version} 版草稿：试算、试运行、提交审批', evaluateTitle: '按事实试算', evaluate: '试算',
    fired: '命中的规则：{rules}', dryRunTitle: '用历史事件试运行', dryRun: '试运行（最近 100 件）', dryRunSummary: '评估 {evaluated} 件，结果变化 {changed} 件',
    case: '事件', before: '原决定', after: '新决定', submit: '提交审批', submitted: '第 {version} 版已提交审批',
    formView: '表单', count: '共 {count} 条规则', addRule: '添加规则', removeRule: '删除规则', priority: '优先级', when: '当', then: '则',
    eventType: '结果类型', addParam: '添加结果项', remove: '删除', all: '满足全部', any: '满足任一', addCondition: '添加条件', addGroup: '添加条件组',
    removeGroup: '删除条件组', newRuleName: '新规则 {n}', jsonNotList: '应是规则的列表 [ … ]', jsonInvalid: 'JSON 有误：{reason}',
    operator: {
      equal: '等于', notEqual: '不等于', in: '属于其中', notIn: '不属于其中', contains: '包含', doesNotContain: '不包含',
      lessThan: '小于', lessThanInclusive: '小于等于', greaterThan: '大于', greaterThanInclusive: '大于等于',
    },
    fact: {
      gridLevel: '网格层级', gridKind: '网格类型', itemCategory: '事项类别', workingDay: '是否工作日', workingHour: '是否工作时间',
      hourOfDay: '几点钟', repeatReports: '重复上报次数', handlerLoad: '办理人在办量',
    },
  },
  error: {
    network: '无法连接服务器', unknown: '出错了：{message}',
    GF_ERR_AUTH_INVALID_CREDENTIALS: '账号或密码错误', GF_ERR_AUTH_RATE_LIMITED: '尝试次数过多，请稍后再试',
    GF_ERR_AUTH_REQUIRED: '登录已过期，请重新登录', GF_ERR_AUTH_TOKEN_INVALID: '登录已失效，请重新登录', GF_ERR_AUTH_TOKEN_REUSED: '登录已失效，请重新登录',
    GF_ERR_AUTH_FORBIDDEN: '没有权限进行此操作', GF_ERR_DEPLOYMENT_INVALID: '流程不能部署：见下列问题', GF_ERR_BPMN_INVALID_XML: '不是有效的 BPMN 文件',
    GF_ERR_BPMN_NO_PROCESS: '文件中没有流程',
  },
};
