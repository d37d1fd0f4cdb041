// The core's own words, in the page's language.
//
// The wasm core (src/read, src/error.rs, src/infer.rs) and the worker write
// their messages in English: reading problems, errors, column warnings and
// notices. They are short phrases built from a fixed set of templates with a
// few values filled in (line numbers, counts, names), so the page recognises
// each template here and writes it in Chinese with the same values, instead of
// the core carrying a second language in every message. A message no pattern
// knows is shown as the core wrote it (English), never dropped; the browser
// tests read malformed files in Chinese and fail if one comes through.

import { lang, t } from './i18n.js';

/** What `Error::Binary` says a file looks like (src/read/mod.rs). */
const BINARY_KINDS = {
  'a PNG image': 'PNG 图片',
  'a JPEG image': 'JPEG 图片',
  'a GIF image': 'GIF 图片',
  'a PDF document': 'PDF 文档',
  'a ZIP archive that is not a spreadsheet': '不是电子表格的 ZIP 压缩包',
  'a gzip archive': 'gzip 压缩包',
  'it contains NUL bytes': '含有 NUL 字节',
};

/** Sheet kinds and workbook formats named in spreadsheet errors (src/read/spreadsheet.rs). */
const SHEET_KINDS = {
  'a chart sheet': '图表工作表',
  'a dialog sheet': '对话框工作表',
  'a macro sheet': '宏工作表',
  'a VBA module': 'VBA 模块',
  'a worksheet': '普通工作表',
};
const WORKBOOK_FORMATS = { 'an XLSX': 'XLSX', 'an XLSB': 'XLSB', 'an XLS': 'XLS', 'an ODS': 'ODS' };

/** A core type name ("email", "cn_id") as the type menus show it. */
const typeName = (id) => {
  const name = t(`type.${id}`);
  return name === `type.${id}` ? id : name;
};

/**
 * [English template, Chinese]: the Chinese is a string with $1… for the
 * template's groups, or a function of the groups. The first match wins, so a
 * longer template comes before its own prefix.
 */
const PATTERNS = [
  // ---- reading problems (src/read/mod.rs) and rejected rows' reasons ----
  [/^row has (\d+) fields, the header has (\d+); columns added$/, '这一行有 $1 个字段,表头只有 $2 个;已添加列'],
  [/^row has (\d+) fields, the header has (\d+); padded with empty cells$/, '这一行有 $1 个字段,表头有 $2 个;缺少的用空单元格补齐'],
  [/^row has (\d+) fields, the header has (\d+)$/, '这一行有 $1 个字段,表头有 $2 个'],
  [/^bytes that are not valid (.+) were replaced by U\+FFFD$/, '不是有效 $1 编码的字节已替换为 U+FFFD(�)'],
  [/^text follows a closing quote on line (\d+); a stray quote may have joined lines into one field$/,
    '第 $1 行的右引号后面还有文字;多余的引号可能把几行连成了一个字段'],
  [/^a quote opened on line (\d+) is never closed; the (\d+) lines after it were rejected as one row$/,
    '第 $1 行的引号没有闭合;它后面的 $2 行被当作一行拒绝'],
  [/^a quote opened on line (\d+) is never closed; the row ends at that line's end and reading goes on from the next line$/,
    '第 $1 行的引号没有闭合;这一行在该行末尾结束,从下一行继续读取'],
  [/^a quote opened on line (\d+) is never closed$/, '第 $1 行的引号没有闭合'],
  [/^(\d+) more lines with this problem are not listed$/, '另有 $1 行有同样的问题,未逐一列出'],
  [/^cell ([A-Z]+\d+) holds the spreadsheet error (.+)$/, '单元格 $1 含有电子表格错误 $2'],
  // ---- errors that stop a run (src/error.rs) ----
  [/^the file is empty$/, '文件是空的'],
  [/^this looks like a binary file \((.+)\), not a CSV text file$/, (kind) => `这看起来是二进制文件(${BINARY_KINDS[kind] ?? kind}),不是 CSV 文本文件`],
  [/^line (\d+): the text is not valid (.+)$/, '第 $1 行:文本不是有效的 $2'],
  [/^the spreadsheet could not be read: (.+)$/s, (inner) => `无法读取电子表格:${translate(inner)}`],
  [/^this is not an XLSX, XLS or ODS workbook$/, '这不是 XLSX、XLS 或 ODS 工作簿'],
  [/^the workbook has no worksheets$/, '工作簿里没有工作表'],
  [/^the sheet "(.+)" is (a .+|an .+), which has no cells to read; the worksheets are (.+)$/,
    (sheet, kind, list) => `工作表“${sheet}”是${SHEET_KINDS[kind] ?? kind},没有可读取的单元格;工作表有 ${list}`],
  [/^there is no sheet named "(.+)"; the sheets are (.+)$/, '没有名为“$1”的工作表;现有的工作表是 $2'],
  [/^the workbook is password-protected; save a copy without a password and try again$/, '工作簿有密码保护;请另存一份没有密码的副本再试'],
  // The detail is the zip or spreadsheet library's own English ("Zip error: …"): it helps
  // nobody who reads Chinese, and switching the page to English shows it.
  [/^the file is not (an \w+) workbook or it is damaged \((.+)\)$/s, (format) => `文件不是 ${WORKBOOK_FORMATS[format] ?? format} 工作簿,或者已经损坏`],
  [/^the sheet "(.+)" is empty$/, '工作表“$1”是空的'],
  [/^invalid cleaning profile: (.+)$/s, (detail) => `清洗配置无效:${profileDetail(detail)}`],
  [/^anonymization key: (.+)$/s, '匿名化密钥:$1'],
  [/^the column is too large \(limit (.+)\)$/, '列太大(上限 $1)'],
  [/^the (\w+) is too large \(limit (.+)\)$/, '$1 太大(上限 $2)'],
  [/^the input was already finished$/, '输入已经结束'],
  // ---- the worker's own (www/worker.js) ----
  [/^the file could not be read \((.+)\); was it moved or changed\?$/s, '无法读取文件($1);文件是否被移动或修改过?'],
  [/^the cleaning engine could not be loaded \((.+)\)$/s, '无法加载清洗引擎($1)'],
  [/^the cleaner stopped on an internal error \((.+)\)\. This is a bug in crm-cleaner, not a problem with your file$/s,
    '清洗程序因内部错误停止($1)。这是 crm-cleaner 的缺陷,不是你的文件的问题'],
  [/^the browser ran out of memory while cleaning this file \((.+)\)$/s, '浏览器在清洗这个文件时内存不足($1)'],
  [/^this worker is already cleaning a file$/, '这个工作线程已经在清洗一个文件'],
  [/^no cleaned table to show$/, '没有可显示的清洗结果'],
  // ---- column warnings (src/infer.rs) ----
  [/^the column is empty$/, '这一列是空的'],
  [/^the header suggests (\w+), but (\d+)% of the values are (\w+)$/,
    (h, pct, v) => `列名看起来是“${typeName(h)}”,但 ${pct}% 的值是“${typeName(v)}”`],
  [/^the header suggests (\w+), but the values are (\w+)$/, (h, v) => `列名看起来是“${typeName(h)}”,但值是“${typeName(v)}”`],
  // ---- notices (src/pipeline.rs) ----
  [/^no data rows: the file has a header but no rows below it$/, () => t('notice.noRows')],
];

/**
 * The comparison levels of the deduplication's "why" (src/dedupe/compare.rs:
 * EMAIL_LABELS, PHONE_LABELS, the name, date, number, token and exact labels;
 * "missing" from src/dedupe/scorer.rs).
 */
const LEVELS = {
  'same address': '地址相同',
  'same local part': '@ 前部分相同',
  different: '不同',
  'same number': '号码相同',
  'same last 8 digits': '后 8 位相同',
  'one typo apart': '相差一处笔误',
  'same name': '姓名相同',
  'same words rearranged or transliterated': '相同的词(顺序不同或音译)',
  'words sound alike, nicknames': '读音相近或昵称',
  'same day': '同一天',
  'day and month swapped': '日和月颠倒',
  'within 31 days': '相差 31 天以内',
  'same year': '同一年',
  equal: '相同',
  'within 1%': '相差 1% 以内',
  'within 10%': '相差 10% 以内',
  'same words': '相同的词',
  missing: '缺失',
};

/** A comparison level of the deduplication's "why", in the page's language. */
export function levelLabel(label) {
  if (lang() !== 'zh' || !label) return label;
  if (LEVELS[label]) return LEVELS[label];
  const m = /^(Jaro-Winkler|overlap) ≥ ([\d.]+)$/.exec(label);
  if (m) return `${m[1] === 'overlap' ? '重合度' : 'Jaro-Winkler 相似度'} ≥ ${m[2]}`;
  return label;
}

/** What serde says a JSON value is or should be ("a boolean", "string \"yes\"", "f64"). */
function jsonKind(text) {
  const kinds = [
    [/^a boolean$|^bool$/, '布尔值(true 或 false)'],
    [/^a string$/, '字符串'],
    [/^(a )?sequence$/, '列表'],
    [/^(a )?map$|^struct \w+$/, '对象'],
    [/^[ui](8|16|32|64|size)$|^an integer$/, '整数'],
    [/^f(32|64)$|^a number$/, '数字'],
    [/^null$|^unit value$/, 'null'],
    [/^string "(.*)"$/s, (v) => `字符串 "${v}"`],
    [/^integer `(.*)`$/, (v) => `整数 ${v}`],
    [/^floating point `(.*)`$/, (v) => `数字 ${v}`],
    [/^boolean `(.*)`$/, (v) => `布尔值 ${v}`],
  ];
  for (const [re, zh] of kinds) {
    const m = re.exec(text);
    if (m) return typeof zh === 'function' ? zh(...m.slice(1)) : zh;
  }
  return text;
}

/**
 * The detail of a refused profile, from serde (unknown keys and values, wrong
 * types, missing keys) or from src/profile.rs; the names in `backticks` stay.
 */
function profileDetail(detail) {
  let where = '';
  const at = / at line (\d+) column (\d+)$/.exec(detail);
  if (at) {
    detail = detail.slice(0, at.index);
    where = `(第 ${at[1]} 行第 ${at[2]} 列)`;
  }
  const list = (text) => text.replace(/, | or /g, '、');
  const rules = [
    [/^unknown field (`[^`]*`), expected one of (.+)$/s, (f, l) => `未知的键 ${f};可用的键:${list(l)}`],
    [/^unknown field (`[^`]*`), expected (`[^`]*`)$/, (f, l) => `未知的键 ${f};可用的键:${l}`],
    [/^unknown field (`[^`]*`), there are no fields$/, (f) => `未知的键 ${f};这里不能有任何键`],
    [/^unknown variant (`[^`]*`), expected one of (.+)$/s, (v, l) => `未知的取值 ${v};可用的取值:${list(l)}`],
    [/^unknown variant (`[^`]*`), expected (.+)$/s, (v, l) => `未知的取值 ${v};可用的取值:${list(l)}`],
    [/^invalid type: (.+), expected (.+)$/s, (got, want) => `类型不对:${jsonKind(got)},应为${jsonKind(want)}`],
    [/^invalid value: (.+), expected (.+)$/s, (got, want) => `取值不对:${jsonKind(got)},应为${jsonKind(want)}`],
    [/^missing field (`[^`]*`)$/, (f) => `缺少键 ${f}`],
    [/^duplicate field (`[^`]*`)$/, (f) => `键 ${f} 出现了两次`],
    [/^version (\d+) is not supported \(this build reads version (\d+)\)$/, (v, w) => `不支持版本 ${v}(这个版本读取版本 ${w})`],
  ];
  for (const [re, zh] of rules) {
    const m = re.exec(detail);
    if (m) return zh(...m.slice(1)) + where;
  }
  return detail + where;
}

/** The Chinese for a core message, or null when no template matches. */
export function translate(text) {
  const s = String(text ?? '').trim().replace(/\.$/, '');
  for (const [re, zh] of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    return typeof zh === 'function' ? zh(...m.slice(1)) : s.replace(re, zh);
  }
  return null;
}

/** A core message as a sentence in the page's language (the English when no template matches). */
export function coreMessage(text) {
  if (lang() === 'zh') {
    const zh = translate(text);
    if (zh !== null) return /[。!?…]$/.test(zh) ? zh : `${zh}。`;
  }
  return capitalize(sentence(text));
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The core's messages are lower-case phrases; shown as sentences. */
function sentence(text) {
  const s = String(text ?? '').trim();
  if (!s) return lang() === 'zh' ? '未知错误。' : 'unknown error.';
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}
