// Two languages for the whole page: English and Simplified Chinese.
//
// The language follows navigator.language (zh* → Chinese) and can be switched;
// the choice is not stored anywhere. Static text carries data-i18n="key" (and
// data-i18n-aria / -title / -placeholder for attributes): its English is the
// HTML's own text, its Chinese is ZH[key]. Dynamic text is t(key, vars) with
// both languages in TEXT.

/** Chinese for the page's static text (the English is in index.html). */
const ZH = {
  skip: '跳到选择文件',
  'intro.title': '清洗 CRM 导出文件',
  'intro.lede':
    '选择从 CRM 导出的 CSV 或电子表格。crm-cleaner 会识别每列的内容,规范姓名、邮箱、电话和日期,检查每个值,化解电子表格公式,并说明每一行无法使用的原因。',
  'intro.badge': '隐私',
  'intro.privacy': '文件不会离开这台电脑:它在浏览器中用 WebAssembly 清洗。不上传任何内容,页面除加载自身外不发出任何网络请求。',
  'drop.aria': '选择要清洗的 CSV 或电子表格文件,或拖放到这里',
  'drop.title': '把 CSV 或 Excel 文件拖到这里',
  'drop.or': '或',
  'drop.button': '选择文件…',
  'drop.hint': '任何常见编码的 CSV 或文本,以逗号、分号、制表符或竖线分隔;或 Excel(.xlsx、.xls)、OpenDocument(.ods)电子表格。大文件也可以。',
  'file.label': '要清洗的 CSV 或电子表格文件',
  'options.summary': '选项和配置',
  'options.hint': '大多数文件用自动检测即可。如果结果不对(例如重音字母或中文乱码),再修改设置。',
  'options.reading': '读取文件',
  'opt.encoding': '编码',
  'opt.delimiter': '分隔符',
  'opt.header': '第一行',
  'opt.sheet': '工作表',
  'opt.sheet.hint': 'Excel 和 OpenDocument 文件:工作表名称。',
  'opt.sheet.placeholder': '第一个工作表',
  'options.checking': '检查值',
  'opt.region': '默认电话地区',
  'opt.region.hint': '用于没有 + 和国家代码的号码。',
  'opt.dateOrder': '日期顺序',
  'opt.dateOrder.hint': '如何理解 5/1/2024 这样的日期。',
  'opt.dedupe': '查找并合并重复记录',
  'opt.dedupe.hint': '描述同一客户的多行合并为一行;被合并的行单独列在一个下载文件中。',
  'options.profile': '清洗配置',
  'profile.load': '加载配置…',
  'profile.clear': '停止使用',
  'profile.fileLabel': '要加载的清洗配置(JSON)',
  'progress.label': '清洗进度',
  cancel: '取消',
  'summary.cleaned': '已清洗',
  'stat.rows_in': '输入行数',
  'stat.rows_out': '输出行数',
  'stat.rows_rejected': '拒绝的行',
  'stat.columns': '列数',
  'stat.cells_changed': '修改的单元格',
  'stat.issues': '问题',
  'stat.rows_stale': '过期记录',
  'stat.formulas': '化解的公式',
  'stat.format': '格式',
  'stat.encoding': '编码',
  'stat.memory': '表格内存',
  'stat.time': '用时',
  notices: '提示',
  downloads: '下载',
  'dl.rejected': '拒绝的行(CSV)',
  'dl.issues': '问题(CSV)',
  'dl.changes': '修改(CSV)',
  'dl.profile': '配置(JSON)',
  'dl.profile.desc': '本次运行的设置和列类型。在“选项和配置”中加载它,下次用同样方式清洗。',
  'dl.reportHtml': '质量报告(HTML)',
  'dl.reportJson': '质量报告(JSON)',
  'dl.report.desc': '完整性、有效性、唯一性、一致性和时效性,清洗前后对比;HTML 文件可离线打开。',
  'issues.title': '发现的问题',
  'th.issue': '问题',
  'th.severity': '严重程度',
  'th.count': '数量',
  'columns.title': '列',
  'columns.hint': '每列的类型决定其值如何检查和规范。置信度表示检测的把握;“设定”表示类型来自配置或你的选择。类型不对时,选对类型再清洗一次。',
  'th.column': '列',
  'th.type': '类型',
  'th.confidence': '置信度',
  'th.notes': '备注',
  'header-fixes': '修改的列名',
  'problems.title': '读取文件时的问题',
  'all-good': '没有发现问题。',
  footer: 'crm-cleaner 完全在这个浏览器标签页中运行。关闭标签页后,文件不留任何痕迹。',
  'lang.label': '语言',
  'steps.title': '步骤',
  'steps.hint': '每列检测到的类型以及清洗时对它做的事。类型不对就改掉,然后开始清洗。',
  'steps.run': '开始清洗',
  'steps.save': '保存配置…',
  'th.actions': '计划的操作',
  'th.sample': '示例',
  'report.title': '质量报告',
  'grid.title': '预览和编辑',
  'grid.filter': '显示',
  'grid.hint': '点击单元格或按 Enter 编辑;有问题的单元格标红,悬停或聚焦可看说明;修改过的单元格显示“原值 → 新值”。',
  'grid.scroll': '滚动行',
  'th.anon': '个人数据', // anonymization (www/ui/anonymize.js)
};

/** Text made at run time: { key: [English, Chinese] }; {name} is replaced by vars.name. */
const TEXT = {
  // ---- notices above the results (the core's, and the page's own) ----
  'notice.noRows': ['No data rows: the file has a header but no rows below it.', '没有数据行:文件只有表头,下面没有任何行。'],
  'notice.noDedupeKey': ['No duplicates were looked for: no column says who a customer is (email, phone, name, ID).', '未查找重复记录:没有能识别客户的列(邮箱、电话、姓名、证件号)。'],
  'notice.encoding': [
    'The encoding was detected as {encoding}. If accented or Chinese letters look wrong in the result, choose the right encoding under “Options and profile” and clean the file again.',
    '检测到的编码是 {encoding}。如果结果中的重音字母或中文显示不对,请在“选项和配置”中选择正确的编码,然后重新清洗。',
  ],
  'notice.header': [
    'The first row looked like data, so it was kept as a row and the columns were named column_1, column_2, … If it holds column names, choose “First row: holds the column names” under “Options and profile”.',
    '第一行看起来是数据,所以保留为数据行,列名为 column_1、column_2 …… 如果它是列名,请在“选项和配置”中把“第一行”设为列名。',
  ],
  'status.starting': ['Starting the cleaner…', '正在启动清洗程序…'],
  'status.sampling': ['Looking at {name}…', '正在查看 {name}…'],
  'status.reading': ['Reading', '读取'],
  'status.clean': ['Cleaning {rows} rows…', '正在清洗 {rows} 行…'],
  'status.done': ['Done — {rows} rows read in {time}.', '完成 — 用 {time} 读取了 {rows} 行。'],
  'stage.read': ['Reading', '读取'],
  'stage.infer': ['Detecting column types', '检测列类型'],
  'stage.validate': ['Checking values', '检查值'],
  'stage.report': ['Measuring quality', '计算质量'],
  'stage.write': ['Writing the cleaned file', '写出清洗后的文件'],
  'stage.trim': ['Trimming spaces', '去除空格'],
  'progress.rows': ['{done} of {total} rows', '{done} / {total} 行'],
  'progress.rate': ['{rate} rows/s', '每秒 {rate} 行'],
  'progress.eta': ['about {time} left', '约剩 {time}'],
  'progress.cancelled': ['Cleaning {name} was cancelled.', '已取消清洗 {name}。'],
  'steps.for': ['Steps for {name}', '{name} 的步骤'],
  'steps.partial': [
    'Types detected from the first {size} of the file; the whole file is checked when you clean it.',
    '类型依据文件前 {size} 检测;清洗时检查整个文件。',
  ],
  'steps.changed': ['{n} types changed.', '已修改 {n} 个类型。'],
  'steps.changed.one': ['1 type changed.', '已修改 1 个类型。'],
  'action.trim': ['Trim spaces and clean text', '去除多余空格,清理文本'],
  'action.check': ['check and normalize as {type}', '按“{type}”检查并规范'],
  'action.keep': ['keep as text', '保留为文本'],
  'action.stale': ['flag stale records', '标记过期记录'],
  'report.score': ['Quality score', '质量分'],
  'report.before': ['Before', '清洗前'],
  'report.after': ['After', '清洗后'],
  'report.measure': ['Measure', '指标'],
  'report.overall': ['Overall', '总体'],
  'report.completeness': ['Completeness', '完整性'],
  'report.validity': ['Validity', '有效性'],
  'report.uniqueness': ['Uniqueness', '唯一性'],
  'report.consistency': ['Consistency', '一致性'],
  'report.timeliness': ['Timeliness', '时效性'],
  'report.na': ['n/a', '不适用'],
  'report.byColumn': ['Quality by column (after cleaning)', '各列质量(清洗后)'],
  'report.byCode': ['Issues by code', '按代码统计的问题'],
  'report.noIssues': ['No issues.', '没有问题。'],
  'report.formula': [
    'Score = 25 % completeness + 35 % validity + 10 % uniqueness + 20 % consistency + 10 % timeliness; measures that do not apply share their weight out.',
    '得分 = 25% 完整性 + 35% 有效性 + 10% 唯一性 + 20% 一致性 + 10% 时效性;不适用的指标按比例分给其余指标。',
  ],
  'report.for': ['Quality report: {name}', '质量报告:{name}'],
  'report.generated': ['Made by crm-cleaner {version} on {date}, in the browser.', '由 crm-cleaner {version} 于 {date} 在浏览器中生成。'],
  'report.rows': ['{rows} rows, {columns} columns', '{rows} 行,{columns} 列'],
  'report.column': ['Column', '列'],
  'report.type': ['Type', '类型'],
  'report.score.short': ['Score', '得分'],
  'grid.all': ['All rows', '所有行'],
  'grid.problems': ['Rows with problems', '有问题的行'],
  'grid.code': ['Issue: {code}', '问题:{code}'],
  'grid.count': ['{shown} of {total} rows', '{shown} / {total} 行'],
  'grid.position': ['Rows {from}–{to} of {total}', '第 {from}–{to} 行,共 {total} 行'],
  'grid.empty': ['No rows to show.', '没有可显示的行。'],
  'grid.row': ['Row', '行'],
  'grid.edit': ['Edit {column}, row {row}', '编辑第 {row} 行的 {column}'],
  'grid.editHint': ['Enter to save, Escape to cancel', 'Enter 保存,Escape 取消'],
  'grid.saved': ['Saved {column}, row {row}: {value}', '已保存第 {row} 行的 {column}:{value}'],
  'grid.invalid': ['Saved, but still a problem: {message}', '已保存,但仍有问题:{message}'],
  'grid.edits': ['{n} cells edited by hand; the downloads include the edits.', '手动编辑了 {n} 个单元格;下载内容已包含这些修改。'],
  'grid.edits.one': ['1 cell edited by hand; the downloads include the edit.', '手动编辑了 1 个单元格;下载内容已包含这次修改。'],
  'grid.changed': ['Changed by {rule}: {before} → {after}', '由 {rule} 修改:{before} → {after}'],
  'grid.updating': ['Updating the downloads…', '正在更新下载内容…'],
  'summary.cleaned': ['Cleaned', '已清洗'],
  'dl.cleaned': ['Download {name} ({size})', '下载 {name}({size})'],
  'dl.none.rejected': ['No rows were rejected, so there is nothing to download.', '没有被拒绝的行,无需下载。'],
  'severity.error': ['Error', '错误'],
  'severity.warning': ['Warning', '警告'],
  'example': ['For example: {text}', '例如:{text}'],
  'confidence.set': ['set', '设定'],
  'columns.again': ['Clean again', '重新清洗'],
  'columns.againNew': ['Clean again with the new type', '用新类型重新清洗'],
  'columns.againNews': ['Clean again with the new types', '用新类型重新清洗'],
  'type.full_name': ['Full name', '姓名'],
  'type.given_name': ['Given name', '名'],
  'type.family_name': ['Family name', '姓'],
  'type.email': ['Email', '邮箱'],
  'type.phone': ['Phone', '电话'],
  'type.mobile': ['Mobile phone', '手机'],
  'type.landline': ['Landline phone', '座机'],
  'type.company': ['Company', '公司'],
  'type.job_title': ['Job title', '职位'],
  'type.address': ['Address', '地址'],
  'type.city': ['City', '城市'],
  'type.province': ['Province / state', '省 / 州'],
  'type.postal_code': ['Postal code', '邮政编码'],
  'type.country': ['Country', '国家'],
  'type.date': ['Date', '日期'],
  'type.datetime': ['Date and time', '日期时间'],
  'type.gender': ['Gender', '性别'],
  'type.url': ['Web address', '网址'],
  'type.cn_id': ['Chinese ID number', '身份证号'],
  'type.number': ['Number', '数字'],
  'type.currency': ['Money amount', '金额'],
  'type.category': ['Category', '类别'],
  'type.record_id': ['Record ID', '记录编号'],
  'type.text': ['Text', '文本'],
  // ---- anonymization (www/ui/anonymize.js) ----
  'stage.key': ['Deriving the key from the passphrase', '正在由口令生成密钥'],
  'stage.anonymize': ['Anonymizing', '匿名化'],
  'anon.choice': ['Personal data: {column}', '个人数据:{column}'],
  'anon.t.keep': ['Keep', '保留'],
  'anon.t.mask': ['Mask', '打码'],
  'anon.t.pseudonym': ['Pseudonym (token)', '假名(令牌)'],
  'anon.t.generalize': ['Generalize', '泛化'],
  'anon.t.date_shift': ['Shift dates', '日期偏移'],
  'anon.t.fake': ['Fake values', '虚构值'],
  'anon.t.redact': ['Redact', '涂黑'],
  'anon.t.drop': ['Drop the column', '删除该列'],
  'anon.digits': ['digits', '位'],
  'anon.chars': ['characters', '个字符'],
  'anon.keepFirst': ['First {unit}', '保留前几{unit}'],
  'anon.keepLast': ['Last {unit}', '保留后几{unit}'],
  'anon.maskDomain': ['Mask the domain too', '也遮盖域名'],
  'anon.prefix': ['Token prefix', '令牌前缀'],
  'anon.prefix.placeholder': ['e.g. cust_', '例如 cust_'],
  'anon.to': ['To', '粒度'],
  'anon.to.month': ['Month (2024-03)', '月(2024-03)'],
  'anon.to.year': ['Year (2024)', '年(2024)'],
  'anon.to.age_band': ['Age band (30-39)', '年龄段(30-39)'],
  'anon.to.prefix': ['Prefix (100***)', '前缀(100***)'],
  'anon.to.range': ['Range (1000-2000)', '区间(1000-2000)'],
  'anon.to.city': ['City', '城市'],
  'anon.to.province': ['Province / state', '省 / 州'],
  'anon.width': ['Band width', '区间宽度'],
  'anon.keepChars': ['Characters kept', '保留字符数'],
  'anon.hint.pseudonym': ['Same value → same token', '相同的值 → 相同的令牌'],
  'anon.hint.date_shift': ['Moved together per person', '每个人的日期一起移动'],
  'anon.hint.fake': ['Made-up, realistic values', '逼真的虚构值'],
  'anon.qi': ['Quasi-identifier', '准标识符'],
  'anon.qi.title': ['Together with the other quasi-identifiers, this column could single a person out (city, birth date, gender, job title)', '与其他准标识符一起可能识别出某个人的列(城市、出生日期、性别、职位)'],
  'anon.panel': ['Personal data', '个人数据'],
  'anon.none': ['Nothing is anonymized: choose what happens to personal data in the “Personal data” column of the table, and tick the quasi-identifiers to check the re-identification risk.', '不做匿名化:在上表的“个人数据”列中选择如何处理个人数据,并勾选准标识符以检查重新识别风险。'],
  'anon.summary': ['{n} columns anonymized, {q} quasi-identifiers. Anonymization runs last, on the cleaned table; the issues and changes files keep no value of an anonymized column.', '匿名化 {n} 列,{q} 个准标识符。匿名化最后执行,作用于清洗后的表;问题和修改文件不保留被匿名化列的任何值。'],
  'anon.risk': ['Re-identification risk (k-anonymity)', '重新识别风险(k-匿名)'],
  'anon.risk.hint': ['Every combination of {columns} should be shared by at least k rows.', '{columns} 的每种组合都应至少有 k 行共有。'],
  'anon.k': ['k (smallest group)', 'k(最小组)'],
  'anon.enforce': ['Rows in smaller groups', '更小组中的行'],
  'anon.enforce.off': ['Only report them', '只报告'],
  'anon.enforce.suppress': ['Move them to the rejected rows', '移到被拒绝的行'],
  'anon.enforce.generalize': ['Coarsen the values, then move the rest', '先粗化值,再移走剩下的'],
  'anon.person': ['Person column', '人员列'],
  'anon.person.choose': ['Choose a column…', '选择一列…'],
  'anon.person.hint': ['Dates move by a number of days derived from the key and this column’s value, so all of one person’s dates move together and intervals are kept.', '日期移动的天数由密钥和该列的值决定,因此同一个人的所有日期一起移动,间隔保持不变。'],
  'anon.key': ['Key for pseudonyms, fakes and date shifts', '假名、虚构值和日期偏移的密钥'],
  'anon.key.hint': ['The same key always gives the same tokens, so files pseudonymized with it still join. It stays in this tab’s memory only: it is never stored, never put in the profile and never written into any download.', '相同的密钥总是生成相同的令牌,所以用它假名化的文件仍可关联。密钥只保存在这个标签页的内存中:不会被存储,不会写入配置,也不会写入任何下载文件。'],
  'anon.mode.generate': ['Generate a key', '生成密钥'],
  'anon.mode.enter': ['Enter a key', '输入密钥'],
  'anon.mode.passphrase': ['Use a passphrase', '使用口令'],
  'anon.generate': ['Generate a new key', '生成新密钥'],
  'anon.generate.again': ['Generate another key', '再生成一个密钥'],
  'anon.key.hex': ['Your key (64 hex digits)', '你的密钥(64 位十六进制)'],
  'anon.copy': ['Copy', '复制'],
  'anon.copied': ['Copied', '已复制'],
  'anon.copy.select': ['Selected: press Ctrl+C', '已选中:按 Ctrl+C'],
  'anon.key.warning': ['Save this key now, somewhere safe (a password manager). It is shown only this once and is not saved anywhere: without it, the same values cannot get the same tokens again.', '请立即把这个密钥保存在安全的地方(例如密码管理器)。它只显示这一次,不会保存在任何地方:没有它,相同的值就无法再得到相同的令牌。'],
  'anon.key.enter': ['Key (64 hex digits)', '密钥(64 位十六进制)'],
  'anon.key.placeholder': ['64 hex digits', '64 位十六进制'],
  'anon.key.bad': ['Not a key yet: {n} of 64 hex digits.', '还不是有效密钥:64 位十六进制中已输入 {n} 位。'],
  'anon.passphrase': ['Passphrase', '口令'],
  'anon.passphrase.short': ['Use at least 8 characters.', '至少 8 个字符。'],
  'anon.passphrase.hint': ['The key is derived from the passphrase (Argon2id) and the profile’s salt {salt} when cleaning starts. Save the profile to keep the salt: the same passphrase and salt give the same key.', '开始清洗时,由口令(Argon2id)和配置中的盐 {salt} 生成密钥。请保存配置以保留盐:相同的口令和盐生成相同的密钥。'],
  'anon.key.none': ['No key yet.', '还没有密钥。'],
  'anon.key.set.generated': ['A generated key is set for this tab.', '已为此标签页设置生成的密钥。'],
  'anon.key.set.entered': ['The key entered is set for this tab.', '已为此标签页设置输入的密钥。'],
  'anon.key.set.passphrase': ['The key will be derived from the passphrase.', '将由口令生成密钥。'],
  'anon.blocked.key': ['Cleaning needs a key first: pseudonyms, fakes and date shifts ({columns}) are made with a secret key. Generate a key, enter one or use a passphrase.', '需要先设置密钥:假名、虚构值和日期偏移({columns})要用秘密密钥生成。请生成密钥、输入密钥或使用口令。'],
  'anon.blocked.person': ['Shifting dates needs a person column: choose one under “Shift dates”.', '日期偏移需要人员列:请在“日期偏移”中选择。'],
  'anon.results': ['Anonymization', '匿名化'],
  'anon.th.transform': ['Treatment', '处理方式'],
  'anon.th.changed': ['Cells changed', '修改的单元格'],
  'anon.th.unreadable': ['Unreadable, written empty', '无法读取,写为空'],
  'anon.th.rows': ['Rows', '行数'],
  'anon.blanked': ['In the issues and changes files, {issues} issue values and {changes} changed values of anonymized columns were blanked; {rejected} rejected rows lost their fields.', '在问题和修改文件中,被匿名化列的 {issues} 个问题值和 {changes} 个修改值已清空;{rejected} 个被拒绝的行去掉了字段。'],
  'anon.risk.of': ['Grouped by {columns}; target k = {k}; rows in smaller groups: {enforce}.', '按 {columns} 分组;目标 k = {k};更小组中的行:{enforce}。'],
  'anon.k.stat': ['k, before → after', 'k,之前 → 之后'],
  'anon.below': ['Rows below k, before → after', '低于 k 的行,之前 → 之后'],
  'anon.suppressed': ['Rows suppressed', '被隐藏的行'],
  'anon.classes': ['Groups', '组数'],
  'anon.verdict.ok': ['The cleaned file is {k}-anonymous: every combination is shared by at least {target} rows.', '清洗后的文件满足 {k}-匿名:每种组合至少有 {target} 行共有。'],
  'anon.verdict.empty': ['No row was in a group of {target} or more: the cleaned file has no rows left. Choose fewer or coarser quasi-identifiers, or a smaller k.', '没有任何行位于 {target} 行或以上的组中:清洗后的文件没有剩下任何行。请减少准标识符、把它们泛化得更粗,或降低 k。'],
  'anon.verdict.bad': ['{n} rows are in groups smaller than {target}: they could single a person out.', '{n} 行位于小于 {target} 的组中:可能识别出某个人。'],
  'anon.generalized': ['Generalized further to reach k (steps): {list}.', '为达到 k 而进一步泛化(步数):{list}。'],
  'anon.suppressed.note': ['{n} rows were moved to the rejected rows download (reason anonymize.k_suppressed). They are anonymized but not k-anonymous: do not publish that file with the cleaned one.', '{n} 行已移到被拒绝的行下载文件中(原因 anonymize.k_suppressed)。它们已匿名化但不满足 k-匿名:不要与清洗后的文件一起发布。'],
  'anon.suppressed.one': ['1 row was moved to the rejected rows download (reason anonymize.k_suppressed). It is anonymized but not k-anonymous: do not publish that file with the cleaned one.', '1 行已移到被拒绝的行下载文件中(原因 anonymize.k_suppressed)。它已匿名化但不满足 k-匿名:不要与清洗后的文件一起发布。'],
  'anon.smallest': ['The smallest groups in the cleaned file, the most identifying combinations:', '清洗后文件中最小的组,即最具识别性的组合:'],
  // ---- end of anonymization ----
  // ---- deduplication (ui/review.js) ----
  'dd.title': ['Duplicates', '重复记录'],
  'dd.stat.merged': ['Rows merged', '合并的行'],
  'dd.stat.clusters': ['Groups of duplicates', '重复组'],
  'dd.stat.pairs': ['Pairs compared', '比较的记录对'],
  'dd.stat.reduction': ['Comparisons saved', '省去的比较'],
  'dd.stat.splits': ['Chains split', '拆开的链'],
  'dd.stat.review': ['Pairs to review', '待复核的记录对'],
  'dd.hint': ['Rows that describe the same customer were merged into one. Only rows sharing a key (email, phone, ID, name…) were compared: {pairs} of {possible} possible pairs. Pairs with a match probability of {threshold} or more were merged.',
    '描述同一客户的行已合并为一行。只比较了共享某个键(邮箱、电话、证件号、姓名…)的行:{possible} 个可能的记录对中比较了 {pairs} 个。匹配概率达到 {threshold} 的记录对被合并。'],
  'dd.decisionsApplied': ['{n} of your review decisions applied to this file.', '本文件应用了你的 {n} 条复核决定。'],
  'dd.dl.duplicates': ['Merged rows (CSV)', '被合并的行(CSV)'],
  'dd.dl.duplicates.desc': ['{n} rows merged into another: each with the row it was merged into (the survivor), the score and why.', '{n} 行被合并到其他行:每行附有保留的行、分数和原因。'],
  'dd.dl.clusters': ['Duplicate groups (CSV)', '重复组(CSV)'],
  'dd.dl.clusters.desc': ['Every row with its group, {n} groups of two rows or more; the survivor of each group is marked.', '每一行及其所属组,共 {n} 个两行以上的组;标出了每组保留的行。'],
  'dd.threshold.title': ['Merge threshold', '合并阈值'],
  'dd.threshold.hint': ['The chart counts the compared pairs by score (match weight): to the right, surely the same customer. The red line is the threshold: pairs to its right are merged (the dashed line is this run’s). Move the slider to see what another threshold gives, then apply it.',
    '图表按分数(匹配权重)统计比较过的记录对:越靠右越可能是同一客户。红线是阈值:其右侧的记录对会被合并(虚线是本次运行的阈值)。拖动滑块查看其他阈值的结果,然后应用。'],
  'dd.threshold.none': ['No pairs were scored, so there is no threshold to choose.', '没有记录对被评分,无需选择阈值。'],
  'dd.threshold.label': ['Match probability to merge', '合并所需的匹配概率'],
  'dd.threshold.at': ['{clusters} groups, {merged} rows merged', '{clusters} 个组,合并 {merged} 行'],
  'dd.threshold.current': ['(this run)', '(本次运行)'],
  'dd.threshold.apply': ['Apply and clean again', '应用并重新清洗'],
  'dd.threshold.applying': ['Cleaning again with the threshold {p}.', '正在以阈值 {p} 重新清洗。'],
  'dd.histogram.label': ['Compared pairs by match weight', '按匹配权重统计的记录对'],
  'dd.histogram.axis': ['match weight (bits)', '匹配权重(比特)'],
  'dd.review.title': ['Pairs to review', '待复核的记录对'],
  'dd.review.empty': ['No uncertain pairs: every compared pair was clearly the same customer or clearly not.', '没有不确定的记录对:每个比较过的记录对都明确是或不是同一客户。'],
  'dd.review.hint': ['These pairs scored between {from} and {to}: maybe the same customer. Differing columns are highlighted. Your decision is applied at once (the file is cleaned again) and kept in the profile for later runs.',
    '这些记录对的分数在 {from} 到 {to} 之间:可能是同一客户。不同的列已突出显示。你的决定会立即应用(重新清洗文件),并保存在本次配置中供以后使用。'],
  'dd.review.more': ['Showing {shown} of {total} pairs; decide these and the next ones appear.', '显示 {total} 个记录对中的 {shown} 个;处理完后会显示后续的记录对。'],
  'dd.pair.title': ['Rows {a} and {b}', '第 {a} 行和第 {b} 行'],
  'dd.pair.caption': ['Rows {a} and {b} side by side', '第 {a} 行和第 {b} 行对照'],
  'dd.pair.probability': ['match probability {p}', '匹配概率 {p}'],
  'dd.pair.row': ['Row', '行'],
  'dd.pair.differs': ['differs', '不同'],
  'dd.why.caption': ['Why: total weight {w} bits', '原因:总权重 {w} 比特'],
  'dd.why.field': ['Field', '字段'],
  'dd.why.level': ['Comparison', '比较结果'],
  'dd.why.weight': ['Weight', '权重'],
  'dd.why.bar': ['Weight as a bar', '权重条'],
  'dd.why.prior': ['(start)', '(起点)'],
  'dd.why.prior.label': ['before any field: how common duplicates are in this file', '比较字段之前:本文件中重复的常见程度'],
  'dd.why.missing': ['missing', '缺失'],
  'dd.accept': ['Same customer: merge', '同一客户:合并'],
  'dd.reject': ['Different customers', '不同客户'],
  'dd.accept.aria': ['Rows {a} and {b} are the same customer: merge them', '第 {a} 行和第 {b} 行是同一客户:合并'],
  'dd.reject.aria': ['Rows {a} and {b} are different customers: never merge them', '第 {a} 行和第 {b} 行是不同客户:不合并'],
  'dd.accepted': ['Rows {a} and {b} will be merged; cleaning again.', '第 {a} 行和第 {b} 行将被合并;正在重新清洗。'],
  'dd.rejected': ['Rows {a} and {b} will be kept apart; cleaning again.', '第 {a} 行和第 {b} 行将保持分开;正在重新清洗。'],
  'dd.decisions.title': ['Review decisions', '复核决定'],
  'dd.decisions.none': ['No decisions yet. Export them after reviewing to apply them to the next export of this file.', '还没有决定。复核后可导出,用于此文件的下一次导出。'],
  'dd.decisions.count': ['{n} decisions in this run ({accepted} merged, {rejected} kept apart). They are also in the profile download.', '本次运行有 {n} 条决定(合并 {accepted},分开 {rejected})。它们也包含在配置下载中。'],
  'dd.decisions.count.one': ['1 decision in this run ({accepted} merged, {rejected} kept apart). It is also in the profile download.', '本次运行有 1 条决定(合并 {accepted},分开 {rejected})。它也包含在配置下载中。'],
  'dd.decisions.export': ['Export decisions (JSON)', '导出决定(JSON)'],
  'dd.decisions.import': ['Import decisions…', '导入决定…'],
  'dd.decisions.importLabel': ['Review decisions to import, a JSON file', '要导入的复核决定(JSON)'],
  'dd.import.applying': ['Cleaning again with {n} imported decisions.', '正在用导入的 {n} 条决定重新清洗。'],
  'dd.import.failed': ['“{name}” was not imported: {reason}', '未导入“{name}”:{reason}'],
  'dd.import.shape': ['it is not a list of decisions like {"decisions": [{"rows": [3, 7], "decision": "accept"}]}', '它不是决定列表,例如 {"decisions": [{"rows": [3, 7], "decision": "accept"}]}'],
  'dd.import.tooLarge': ['it is too large to be a list of decisions', '文件太大,不像决定列表'],
  'link.title': ['Match against an existing list', '与现有名单匹配'],
  'link.hint': ['Find, for each row of {name}, the same customer in another list, such as the current export of your CRM. Both files are cleaned (checking only) and compared on this computer.',
    '为 {name} 的每一行在另一份名单(例如 CRM 的当前导出)中查找同一客户。两个文件都在这台电脑上清洗(仅检查)并比较。'],
  'link.choose': ['Choose the existing list…', '选择现有名单…'],
  'link.chooseAgain': ['Choose another existing list…', '选择另一份现有名单…'],
  'link.fileLabel': ['The existing list to match against (CSV or spreadsheet)', '要匹配的现有名单(CSV 或电子表格)'],
  'link.working': ['Matching against {name}…', '正在与 {name} 匹配…'],
  'link.failed': ['Could not match against “{name}”: {reason}', '无法与“{name}”匹配:{reason}'],
  'link.matched': ['{matched} of {rows} rows of {name} match a customer in {existing}.', '{name} 的 {rows} 行中有 {matched} 行与 {existing} 中的客户匹配。'],
  'link.fields': ['Compared: {fields}; match probability {threshold}% or more.', '比较的字段:{fields};匹配概率不低于 {threshold}%。'],
  'link.download': ['Matches (CSV)', '匹配结果(CSV)'],
  'link.download.desc': ['Each new row with its match in the existing list (empty if none), the score and why.', '每个新行及其在现有名单中的匹配(无匹配则为空)、分数和原因。'],
  // ---- end of deduplication ----
};

const listeners = new Set();
let current = detect();

/** 'zh' when the browser prefers Chinese, else 'en'. */
export function detect() {
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  return /^zh\b/i.test(langs[0] || '') ? 'zh' : 'en';
}

export function lang() {
  return current;
}

/** The text for `key` in the current language, with {name} filled from `vars`. */
export function t(key, vars = {}) {
  const entry = TEXT[key];
  let text = entry ? entry[current === 'zh' ? 1 : 0] : current === 'zh' && ZH[key] ? ZH[key] : key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/** A number in the page's language. */
export function fmt(n) {
  return new Intl.NumberFormat(current === 'zh' ? 'zh-CN' : 'en').format(n);
}

/** Switches the language (not stored: the next visit follows the browser again). */
export function setLang(next) {
  current = next === 'zh' ? 'zh' : 'en';
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  apply(document);
  for (const f of listeners) f(current);
}

export function onLangChange(f) {
  listeners.add(f);
}

/** Translates the static text under `root`. */
export function apply(root) {
  for (const [attr, data] of [
    ['textContent', 'i18n'],
    ['aria-label', 'i18nAria'],
    ['title', 'i18nTitle'],
    ['placeholder', 'i18nPlaceholder'],
  ]) {
    const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const el of root.querySelectorAll(selector)) {
      const key = el.dataset[data];
      const store = `${data}En`;
      const now = attr === 'textContent' ? el.textContent : el.getAttribute(attr);
      if (el.dataset[store] === undefined) el.dataset[store] = now ?? '';
      const text = current === 'zh' && ZH[key] ? ZH[key] : el.dataset[store];
      if (attr === 'textContent') {
        if (el.textContent !== text) el.textContent = text;
      } else {
        el.setAttribute(attr, text);
      }
    }
  }
}

/** Static text by key: the Chinese when shown in Chinese, else `en`. */
export function staticText(key, en) {
  return current === 'zh' && ZH[key] ? ZH[key] : en;
}
