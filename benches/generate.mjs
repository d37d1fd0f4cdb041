#!/usr/bin/env node
// Deterministic generator of a realistic CRM export (CSV, UTF-8, LF, header row).
//
//   node benches/generate.mjs --rows 1000000 --seed 42 --out benches/data/crm-1m.csv
//
// Same --rows and --seed → the same bytes on any machine and Node version: the
// only randomness is a seeded mulberry32 PRNG, and only integer arithmetic and
// UTC dates are used. Prints the size and the sha256 of the file, and writes a
// sidecar `<out>.json` ({ rows, seed, bytes, sha256, generator }) so a second
// run can skip the work (`--if-missing`).
//
// The data mixes English and Chinese contacts the way a real export does:
// names in both scripts (`Family, Given` now and then), emails in upper case,
// padded with spaces or plainly invalid, phone numbers in a dozen formats,
// companies with Inc./Ltd/有限公司, addresses with commas (so quoted), countries
// spelt CN/China/中国/US/USA..., dates in mixed formats (2024-01-05, 2024/1/5,
// 05/01/2024, 2024年1月5日, "Jan 5, 2024"), and notes with embedded commas,
// doubled quotes and line breaks. Every row has all 16 fields: the row count
// is the same whatever parser reads it.
//
// For deduplication benchmarks (the default output is unchanged by these):
//
//   node benches/generate.mjs --rows 1000000 --seed 42 --unique-contacts --duplicates 0.1 \
//     --out benches/data/crm-1m-dup10.csv
//
// `--unique-contacts` makes email local parts and phone numbers unique per customer (a
// numeric suffix, a bijection of the customer number), so unrelated customers drawn from
// the small name pools no longer share contacts. `--duplicates P` plants that share of rows
// as messy copies of earlier customers (typos, case, swapped name order, full-width digits,
// other phone formats, other city/country spellings, a missing field), and writes the truth
// to `<out>.truth.txt`: one entity label per data row, as `benches/febrl/pairwise.py` reads.

import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GENERATOR_VERSION = 1;

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = { rows: 1_000_000, seed: 42, out: null, ifMissing: false, quiet: false, uniqueContacts: false, duplicates: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--rows') args.rows = Number(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a === '--out') args.out = next();
    else if (a === '--if-missing') args.ifMissing = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--unique-contacts') args.uniqueContacts = true;
    else if (a === '--duplicates') args.duplicates = Number(next());
    else if (a === '-h' || a === '--help') {
      console.log('usage: node benches/generate.mjs [--rows N] [--seed S] [--out FILE] [--if-missing] [--unique-contacts] [--duplicates P]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(args.rows) || args.rows < 0) throw new Error('--rows must be a non-negative integer');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!(args.duplicates >= 0 && args.duplicates < 1)) throw new Error('--duplicates must be in [0, 1)');
  args.out ??= `benches/data/crm-${args.rows}-s${args.seed}.csv`;
  return args;
}

// ---------------------------------------------------------------- PRNG

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG; returns [0, 1). */
function mulberry32(seed) {
  let a = seed | 0;
  function next() {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  // The whole state is one integer: a planted duplicate regenerates its source row from it.
  next.state = () => a;
  return next;
}

let rnd = mulberry32(42);
const int = (n) => Math.floor(rnd() * n);
const between = (lo, hi) => lo + int(hi - lo + 1);
const chance = (p) => rnd() < p;
const pick = (arr) => arr[int(arr.length)];
const digits = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += int(10);
  return s;
};
const pad2 = (n) => (n < 10 ? '0' + n : '' + n);

// --unique-contacts: the customer number of the row being drawn, or null (the default).
let uniqueCustomer = null;
/** `n` digits that are a bijection of the customer number (the multiplier is coprime with 10). */
const uniqueDigits = (n) => String((uniqueCustomer * 48271 + 12345) % 10 ** n).padStart(n, '0');
/** `digits(n)`, or the customer's own digits when contacts must be unique. */
const contactDigits = (n) => (uniqueCustomer === null ? digits(n) : (digits(n), uniqueDigits(n)));

// ---------------------------------------------------------------- pools

const EN_GIVEN = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Emily', 'Olivia', 'Noah', 'Liam', 'Sophia', 'Ava', 'Ethan', 'Mia', 'Lucas', 'Chloe', 'Ann', 'Kevin',
  'Grace', 'Ryan', 'Zoe', 'Brian', 'Hannah', 'Jason', 'Laura', 'Eric', 'Amy', 'Steven', 'Rachel', 'Paul',
  'José', 'Zoë', 'Renée', 'Søren',
];
const EN_FAMILY = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee',
  'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King',
  'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts',
  "O'Brien", "O'Connor", 'Nguyen', 'Kim', 'Patel', 'Müller', 'van der Berg', 'McDonald', 'Chen', 'Wong',
];
// [hanzi, pinyin]
const ZH_FAMILY = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['欧阳', 'ouyang'], ['司马', 'sima'],
];
const ZH_GIVEN = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['秀英', 'xiuying'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'],
  ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'],
  ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀兰', 'xiulan'], ['霞', 'xia'], ['平', 'ping'],
  ['刚', 'gang'], ['桂英', 'guiying'], ['建华', 'jianhua'], ['志强', 'zhiqiang'], ['晓明', 'xiaoming'],
  ['婷婷', 'tingting'], ['浩然', 'haoran'], ['子涵', 'zihan'], ['雨桐', 'yutong'], ['欣怡', 'xinyi'], ['宇轩', 'yuxuan'],
];
const MAIL_DOMAINS_EN = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'aol.com'];
const MAIL_DOMAINS_ZH = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'gmail.com', 'aliyun.com'];

const EN_CO_WORDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Pied Piper', 'Soylent',
  'Blue Sky', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Summit', 'Pioneer', 'Evergreen', 'Apex', 'Redwood',
];
const EN_CO_KIND = ['Software', 'Logistics', 'Foods', 'Industries', 'Consulting', 'Health', 'Energy', 'Media', 'Capital', 'Labs'];
const EN_CO_SUFFIX = ['Inc.', 'Inc', 'LLC', 'Ltd', 'Ltd.', 'Co., Ltd.', 'Corporation', 'Corp.', 'Group', 'GmbH', 'Pte. Ltd.', ''];
const ZH_CO_WORDS = ['恒达', '鑫源', '金桥', '博远', '瑞丰', '天成', '宏图', '中科', '东方', '远景', '华信', '创新', '未来', '长城', '星辰'];
const ZH_CO_KIND = ['科技', '贸易', '实业', '信息技术', '电子', '物流', '医疗器械', '文化传媒', '网络', '软件', '餐饮管理'];
const ZH_CO_SUFFIX = ['有限公司', '有限公司', '股份有限公司', '有限责任公司', '集团有限公司', '集团', '（上海）有限公司'];

const EN_TITLES = [
  'Sales Manager', 'VP of Sales', 'Chief Executive Officer', 'CEO', 'Marketing Director', 'Account Executive',
  'Procurement Specialist', 'Director, Business Development', 'CTO', 'Office Manager', 'Software Engineer',
  'Head of Operations', 'Purchasing Agent', 'Customer Success Manager', 'Founder & CEO', 'Sr. Product Manager', '',
];
const ZH_TITLES = ['销售经理', '总经理', '采购主管', '市场总监', '技术总监', '客户经理', '财务经理', '行政助理', '董事长', '工程师', '区域经理', ''];

const EN_STREETS = ['Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Market', 'Mission', 'Broadway', 'Park', 'Lake', 'Hill', 'Washington', 'Sunset'];
const EN_STREET_KIND = ['St', 'St.', 'Street', 'Ave', 'Avenue', 'Blvd', 'Rd', 'Road', 'Dr', 'Way', 'Lane'];
const ZH_ROADS = ['建国路', '人民路', '中山路', '解放路', '长安街', '南京路', '淮海中路', '天河路', '世纪大道', '科技园路', '文一西路', '深南大道'];

// [city, city variants, province, province variants, postal prefix, country key]
const LOCATIONS = [
  ['北京', ['北京', '北京市', 'Beijing'], ['北京市', '北京', 'Beijing'], '100', 'CN', ['朝阳区', '海淀区', '东城区']],
  ['上海', ['上海', '上海市', 'Shanghai'], ['上海市', '上海', 'Shanghai'], '200', 'CN', ['浦东新区', '徐汇区', '静安区']],
  ['广州', ['广州', '广州市', 'Guangzhou'], ['广东省', '广东', 'Guangdong'], '510', 'CN', ['天河区', '越秀区', '海珠区']],
  ['深圳', ['深圳', '深圳市', 'Shenzhen'], ['广东省', '广东', 'Guangdong'], '518', 'CN', ['南山区', '福田区', '宝安区']],
  ['杭州', ['杭州', '杭州市', 'Hangzhou'], ['浙江省', '浙江', 'Zhejiang'], '310', 'CN', ['西湖区', '滨江区', '余杭区']],
  ['成都', ['成都', '成都市', 'Chengdu'], ['四川省', '四川', 'Sichuan'], '610', 'CN', ['锦江区', '武侯区', '高新区']],
  ['南京', ['南京', '南京市', 'Nanjing'], ['江苏省', '江苏', 'Jiangsu'], '210', 'CN', ['玄武区', '鼓楼区', '建邺区']],
  ['武汉', ['武汉', '武汉市', 'Wuhan'], ['湖北省', '湖北', 'Hubei'], '430', 'CN', ['江汉区', '武昌区', '洪山区']],
  ['San Francisco', ['San Francisco', 'SF', 'san francisco'], ['CA', 'California', 'Calif.'], '941', 'US', null],
  ['New York', ['New York', 'NYC', 'New York City'], ['NY', 'New York', 'N.Y.'], '100', 'US', null],
  ['Seattle', ['Seattle', 'SEATTLE'], ['WA', 'Washington'], '981', 'US', null],
  ['Austin', ['Austin'], ['TX', 'Texas'], '787', 'US', null],
  ['Boston', ['Boston'], ['MA', 'Massachusetts', 'Mass.'], '021', 'US', null],
  ['Chicago', ['Chicago'], ['IL', 'Illinois'], '606', 'US', null],
  ['Los Angeles', ['Los Angeles', 'LA'], ['CA', 'California'], '900', 'US', null],
  ['Hong Kong', ['Hong Kong', '香港'], ['', 'HK'], '', 'HK', ['中环', '铜锣湾', '尖沙咀']],
  ['Singapore', ['Singapore'], [''], '0', 'SG', null],
  ['London', ['London'], ['', 'England'], '', 'GB', null],
];
const COUNTRY = {
  CN: ['CN', 'China', '中国', 'PRC', 'china', ' China ', '中华人民共和国', 'P.R. China'],
  US: ['US', 'USA', 'United States', 'U.S.A.', 'us', 'United States of America', 'America'],
  HK: ['HK', 'Hong Kong', '中国香港', 'Hong Kong SAR'],
  SG: ['SG', 'Singapore'],
  GB: ['GB', 'UK', 'United Kingdom', 'England'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const EN_NOTES = [
  'Interested in the enterprise plan', 'Call back next week', 'Sent brochure', 'Prefers email', 'Met at trade show',
  'Do not call', 'Asked for a demo', 'Budget approved', 'Renewal due in Q3', 'Left voicemail', 'Decision maker',
  'Referred by existing customer', 'Needs pricing in EUR', 'Unsubscribed from newsletter',
];
const EN_NOTES_COMMA = [
  'Met at trade show, interested in pricing', 'Called twice, no answer', 'Wants a quote for 50 seats, maybe 100',
  'Prefers phone, not email', 'Follow up in March, after budget review', 'Key account, handle with care',
];
const ZH_NOTES = ['重要客户', '需回访', '已发报价单', '意向强烈', '暂无需求', '老客户推荐', '下周二回访', '已签合同', '价格敏感', '展会认识'];
const ZH_NOTES_COMMA = ['已发报价单,等待回复', '需回访,下周', '电话未接通,已发短信', '对价格敏感,需要折扣'];

// ---------------------------------------------------------------- fields

/** Quotes a field the RFC 4180 way when it needs it (or, now and then, when it doesn't). */
function csv(value, alwaysQuoteChance = 0) {
  if (/[",\n\r]/.test(value) || (alwaysQuoteChance && value !== '' && chance(alwaysQuoteChance))) {
    return '"' + value.replace(/"/g, '""') + '"';
  }
  return value;
}

function person() {
  if (chance(0.55)) {
    const given = pick(EN_GIVEN);
    const family = pick(EN_FAMILY);
    let full = chance(0.04) ? `${family}, ${given}` : `${given} ${family}`;
    if (chance(0.03)) full = full.toUpperCase();
    if (chance(0.03)) full = `  ${full} `;
    const local = family.toLowerCase().replace(/[^a-z]/g, '');
    return { zh: false, full, given, family, local: uniqueLocal(`${given.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '')}.${local}`) };
  }
  const [family, fp] = pick(ZH_FAMILY);
  const [given, gp] = pick(ZH_GIVEN);
  let full = family + given;
  if (chance(0.03)) full = ` ${full}\u3000`; // full-width space, as Chinese IMEs type it
  if (chance(0.02)) full = `${family} ${given}`;
  const local = chance(0.5) ? `${fp}${gp}${chance(0.6) ? between(1, 9999) : ''}` : `${gp}.${fp}`;
  return { zh: true, full, given, family, local: uniqueLocal(local) };
}

/** The email local part, with the customer number appended when contacts must be unique. */
function uniqueLocal(local) {
  return uniqueCustomer === null ? local : `${local}.${uniqueCustomer}`;
}

function email(p, companyDomain) {
  if (chance(0.05)) return '';
  const domain = chance(0.35) ? companyDomain : pick(p.zh ? MAIL_DOMAINS_ZH : MAIL_DOMAINS_EN);
  let e = `${p.local}@${domain}`;
  const r = rnd();
  if (r < 0.08) e = e.toUpperCase();
  else if (r < 0.13) e = e[0].toUpperCase() + e.slice(1);
  else if (r < 0.18) e = pick([' ', '  ', '\t']) + e + pick([' ', '', '  ']);
  else if (r < 0.2) {
    // plainly invalid
    e = pick([
      e.replace('@', ''),
      e.replace('@', '@@'),
      e + '.',
      e.replace('@', ' @ '),
      `${p.local}@`,
      e.replace(/\.[a-z]+$/, ''),
      `${p.local} at ${domain}`,
    ]);
  } else if (r < 0.21) e = `${e}; ${p.local}2@${pick(MAIL_DOMAINS_EN)}`;
  return e;
}

function phone(country) {
  if (chance(0.04)) return '';
  if (country === 'CN' || (country === 'HK' && chance(0.3))) {
    const m = '1' + pick(['3', '5', '7', '8', '9']) + contactDigits(9);
    switch (int(9)) {
      case 0: case 1: case 2: return m; // 13800138000
      case 3: return `+86 ${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`; // +86 138 0013 8000
      case 4: return `+86-${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
      case 5: return `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`;
      case 6: return `0086 ${m}`;
      case 7: return `${pick(['010', '020', '021', '0755', '0571', '028'])}-${contactDigits(8)}`; // 020-88889999
      default: return `(${pick(['010', '020', '021'])}) ${split4(contactDigits(8))}`;
    }
  }
  if (country === 'US') {
    const area = pick(['415', '212', '206', '512', '617', '312', '213', '650']);
    let ex = between(200, 999);
    let line = digits(4);
    if (uniqueCustomer !== null) {
      // 800 exchanges x 10,000 lines: a bijection of the customer number modulo 8,000,000.
      const v = (uniqueCustomer * 48271 + 12345) % 8_000_000;
      ex = 200 + Math.floor(v / 10_000);
      line = String(v % 10_000).padStart(4, '0');
    }
    switch (int(7)) {
      case 0: case 1: return `(${area}) ${ex}-${line}`; // (415) 555-0100
      case 2: return `${area}-${ex}-${line}`;
      case 3: return `+1 ${area} ${ex} ${line}`;
      case 4: return `${area}.${ex}.${line}`;
      case 5: return `${area}${ex}${line}`;
      default: return `+1 (${area}) ${ex}-${line} ext. ${between(10, 999)}`;
    }
  }
  if (country === 'HK') return `+852 ${split4(contactDigits(8))}`;
  if (country === 'SG') return `+65 ${split4(contactDigits(8))}`;
  return `+44 20 ${split4(contactDigits(8))}`;
}

/** `12345678` → `1234 5678`. */
const split4 = (d) => `${d.slice(0, 4)} ${d.slice(4)}`;

function company(zh) {
  if (chance(0.03)) return { name: '', domain: pick(MAIL_DOMAINS_EN) };
  if (zh && chance(0.85)) {
    const w = pick(ZH_CO_WORDS);
    const city = chance(0.25) ? pick(['北京', '上海', '广州', '深圳', '杭州', '成都']) : '';
    const name = `${city}${w}${pick(ZH_CO_KIND)}${pick(ZH_CO_SUFFIX)}`;
    return { name, domain: `${pick(['hengda', 'xinyuan', 'jinqiao', 'boyuan', 'ruifeng', 'tiancheng', 'hongtu'])}${between(1, 99)}.com.cn` };
  }
  const w = pick(EN_CO_WORDS);
  const kind = chance(0.7) ? ' ' + pick(EN_CO_KIND) : '';
  const suffix = pick(EN_CO_SUFFIX);
  let name = `${w}${kind}${suffix ? (suffix.startsWith('Co.') ? ', ' : ' ') + suffix : ''}`;
  if (chance(0.03)) name = name.toUpperCase();
  if (chance(0.03)) name = name + ' ';
  return { name, domain: `${w.toLowerCase().replace(/[^a-z]/g, '')}${kind ? kind.trim().toLowerCase() : ''}.com` };
}

function address(loc) {
  if (chance(0.05)) return '';
  const districts = loc[5];
  if (districts && (loc[4] !== 'HK' || chance(0.5))) {
    const d = pick(districts);
    const road = pick(ZH_ROADS);
    const num = between(1, 999);
    switch (int(6)) {
      case 0: return `${d}${road}${num}号`;
      case 1: return `${d}${road}${num}号${between(1, 30)}楼`;
      case 2: return `${d}${road}${num}号, ${between(1, 30)}0${between(1, 9)}室`; // ASCII comma → quoted
      case 3: return `${road}${num}号，${pick(['A座', 'B座', '2号楼'])}${between(1, 30)}层`; // full-width comma
      case 4: return `${loc[1][0]}市${d}${road}${num}号`;
      default: return `No. ${num} ${road}, ${d}`;
    }
  }
  const num = between(1, 9999);
  const street = `${num} ${pick(EN_STREETS)} ${pick(EN_STREET_KIND)}`;
  const r = rnd();
  if (r < 0.15) return `${street}, Suite ${between(100, 2500)}`;
  if (r < 0.25) return `${street}, Apt ${between(1, 40)}${pick(['A', 'B', 'C', 'D'])}`;
  if (r < 0.28) return `${street}\n${pick(['Floor 3', 'Building B', 'Unit 12'])}`; // a line break in an address
  if (r < 0.3) return `  ${street.toUpperCase()}`;
  return street;
}

function postal(loc) {
  if (chance(0.06) || loc[3] === '') return '';
  if (loc[4] === 'CN') return loc[3] + digits(3);
  if (loc[4] === 'US') {
    const zip = loc[3] + digits(2);
    return chance(0.15) ? `${zip}-${digits(4)}` : zip;
  }
  return loc[3] + digits(5);
}

const DAY = 86_400_000;
const EPOCH_2015 = Date.UTC(2015, 0, 1);

function date(dayNumber, zh) {
  const t = new Date(EPOCH_2015 + dayNumber * DAY + int(86_400) * 1000);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + 1;
  const d = t.getUTCDate();
  const time = `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`;
  const r = int(zh ? 12 : 11);
  switch (r) {
    case 0: case 1: case 2: return `${y}-${pad2(m)}-${pad2(d)}`; // 2024-01-05
    case 3: return `${y}/${m}/${d}`; // 2024/1/5
    case 4: return `${pad2(d)}/${pad2(m)}/${y}`; // 05/01/2024 (day first)
    case 5: return `${pad2(m)}/${pad2(d)}/${y}`; // 01/05/2024 (month first)
    case 6: return `${y}-${pad2(m)}-${pad2(d)} ${time}`;
    case 7: return `${y}-${pad2(m)}-${pad2(d)}T${time}Z`;
    case 8: return `${MONTHS[m - 1]} ${d}, ${y}`; // comma → quoted
    case 9: return `${d}-${MONTHS[m - 1]}-${String(y).slice(2)}`;
    case 10: return `${m}/${d}/${String(y).slice(2)} ${t.getUTCHours() % 12 || 12}:${pad2(t.getUTCMinutes())} ${t.getUTCHours() < 12 ? 'AM' : 'PM'}`;
    default: return `${y}年${m}月${d}日`; // 2024年1月5日
  }
}

function note(zh) {
  const r = rnd();
  if (r < 0.52) return '';
  if (r < 0.68) return zh && chance(0.7) ? pick(ZH_NOTES) : pick(EN_NOTES);
  if (r < 0.76) return zh && chance(0.6) ? pick(ZH_NOTES_COMMA) : pick(EN_NOTES_COMMA);
  if (r < 0.8) return `Said "${pick(['call me next week', 'send the contract', 'not interested', 'maybe later'])}", ${pick(['prefers email', 'busy until May', 'CFO must sign'])}`;
  if (r < 0.85) {
    const lines = [pick(EN_NOTES), pick(zh ? ZH_NOTES : EN_NOTES)];
    if (chance(0.4)) lines.push(`- ${pick(EN_NOTES_COMMA)}`);
    return lines.join('\n');
  }
  if (r < 0.9) return `${pick(['VIP', 'Lead', 'Prospect', 'Partner'])}; ${between(2019, 2024)}-Q${between(1, 4)}; score ${between(1, 100)}`;
  if (r < 0.93) return `  ${pick(EN_NOTES)}  `;
  if (r < 0.95) return `${pick(ZH_NOTES)}（${pick(EN_NOTES)}）`;
  if (r < 0.96) return `- ${pick(EN_NOTES).toLowerCase()}`; // leading dash: a formula to Excel
  if (r < 0.962) return `=HYPERLINK("http://example.com/${between(1, 999)}","details")`;
  if (r < 0.993) return `Order #${digits(6)}, amount ${between(100, 99999)}.${pad2(int(100))} ${pick(['USD', 'CNY', '元'])}`;
  return `Long note: ${Array.from({ length: between(2, 5) }, () => pick(EN_NOTES)).join('. ')}.`;
}

export const HEADER = [
  'id', 'full_name', 'given_name', 'family_name', 'email', 'mobile', 'company', 'job_title', 'street_address',
  'city', 'province_state', 'postal_code', 'country', 'created_at', 'last_contact', 'notes',
];

/** One customer's fields, with what a messy copy of it needs to know. */
function customer(id) {
  const p = person();
  const loc = p.zh ? LOCATIONS[chance(0.9) ? int(8) : 8 + int(LOCATIONS.length - 8)] : LOCATIONS[chance(0.85) ? 8 + int(7) : int(LOCATIONS.length)];
  const co = company(p.zh);
  const country = loc[4];
  const created = int(3650);
  const fields = [
    chance(0.01) ? `C-${id}` : String(id),
    p.full,
    p.given,
    p.family,
    email(p, co.domain),
    phone(country),
    co.name,
    pick(p.zh && chance(0.8) ? ZH_TITLES : EN_TITLES),
    address(loc),
    chance(0.04) ? '' : pick(loc[1]),
    chance(0.05) ? '' : pick(loc[2]),
    postal(loc),
    chance(0.03) ? '' : pick(COUNTRY[country]),
    chance(0.03) ? '' : date(created, p.zh),
    chance(0.2) ? '' : date(created + int(3650 - created + 1), p.zh),
    note(p.zh),
  ];
  return { fields, zh: p.zh, loc, co };
}

function row(id) {
  return line(customer(id).fields);
}

function line(fields) {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    if (i) line += ',';
    line += csv(fields[i], i === 6 || i === 8 ? 0.05 : 0);
  }
  return line + '\n';
}

// ---------------------------------------------------------------- planted duplicates

const FULL_WIDTH_DIGIT = (d) => String.fromCharCode(0xff10 + Number(d));
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One keyboard slip in a Latin word: a substituted, dropped, doubled or transposed letter. */
function typo(text) {
  const letters = [...text].map((c, i) => (/[A-Za-z]/.test(c) ? i : -1)).filter((i) => i > 0);
  if (letters.length < 2) return text;
  const chars = [...text];
  const i = pick(letters);
  switch (int(4)) {
    case 0: chars[i] = pick([...LETTERS]); break;
    case 1: chars.splice(i, 1); break;
    case 2: chars.splice(i, 0, chars[i]); break;
    default: if (/[A-Za-z]/.test(chars[i - 1])) [chars[i - 1], chars[i]] = [chars[i], chars[i - 1]];
  }
  return chars.join('');
}

/** The same phone number written another way: bare digits, grouped, with or without the country code, full-width. */
function rephone(phone) {
  const digitsOnly = phone.replace(/ext\..*$/, '').replace(/\D/g, '');
  if (digitsOnly.length < 8) return phone;
  switch (int(4)) {
    case 0: return digitsOnly;
    case 1: return digitsOnly.replace(/(\d{3})(\d{4})(\d+)$/, '$1 $2 $3');
    case 2: return phone.replace(/\d/g, FULL_WIDTH_DIGIT);
    default: return digitsOnly.replace(/(\d{3})(\d{3,4})(\d{4})$/, '$1-$2-$3');
  }
}

/** The name written the other way round, in full_name and (half the time) in the given/family columns. */
function swapNames(f, zh) {
  const [given, family] = [f[2], f[3]];
  f[1] = zh ? `${given}${family}` : chance(0.5) ? `${family} ${given}` : `${family}, ${given}`;
  if (chance(0.5)) [f[2], f[3]] = [family, given];
}

function messyName(f, zh) {
  const r = rnd();
  if (r < 0.3 && !zh) {
    f[1] = typo(f[1]);
    if (chance(0.5)) f[3] = typo(f[3]);
  } else if (r < 0.45) swapNames(f, zh);
  else if (r < 0.6 && !zh) f[1] = chance(0.5) ? f[1].toUpperCase() : f[1].toLowerCase();
  else if (r < 0.65) f[1] = zh ? `${f[3]} ${f[2]}` : `  ${f[1]} `;
  if (!zh && chance(0.1)) f[2] = typo(f[2]);
}

function messyContacts(f) {
  const r = rnd();
  if (r < 0.12) f[4] = '';
  else if (r < 0.27) f[4] = f[4].toUpperCase();
  else if (r < 0.35) f[4] = ` ${f[4].trim()}  `;
  const q = rnd();
  if (q < 0.1) f[5] = '';
  else if (q < 0.55) f[5] = rephone(f[5]);
}

function messyCompany(f, zh) {
  const r = rnd();
  if (r < 0.1) f[6] = '';
  else if (r < 0.3 && !zh) f[6] = f[6].toUpperCase();
  else if (r < 0.5) f[6] = zh ? f[6].replace(/(股份|集团|有限责任|有限)?(公司)?$/, '') : f[6].replace(/,? (Inc\.?|LLC|Ltd\.?|Co\., Ltd\.|Corporation|Corp\.|Group|GmbH|Pte\. Ltd\.)$/, '');
}

function messyPlace(f, c) {
  if (chance(0.1)) f[8] = '';
  else if (chance(0.2)) f[8] = f[8].toUpperCase();
  else if (chance(0.15)) f[8] = f[8].replace(/ Street\b/, ' St').replace(/ Avenue\b/, ' Ave').replace(/号$/, '號');
  if (chance(0.3)) f[9] = pick(c.loc[1]);
  if (chance(0.3)) f[10] = pick(c.loc[2]);
  if (chance(0.3)) f[12] = pick(COUNTRY[c.loc[4]]);
  if (chance(0.1)) f[11] = '';
}

/**
 * A second record of customer `source` (regenerated from the PRNG state it was drawn with) as a
 * CRM accumulates them: its own id and dates, a new note, and a few fields typed differently.
 */
function duplicateRow(id, source) {
  const dupRnd = rnd;
  rnd = mulberry32(source.state);
  uniqueCustomer = source.unique;
  const c = customer(source.id);
  uniqueCustomer = null;
  rnd = dupRnd;
  const f = c.fields;
  f[0] = String(id);
  messyName(f, c.zh);
  messyContacts(f);
  messyCompany(f, c.zh);
  messyPlace(f, c);
  if (chance(0.5)) f[7] = pick(c.zh && chance(0.8) ? ZH_TITLES : EN_TITLES);
  const created = int(3650);
  f[13] = chance(0.03) ? '' : date(created, c.zh);
  f[14] = chance(0.2) ? '' : date(created + int(3650 - created + 1), c.zh);
  f[15] = note(c.zh);
  return line(f);
}

/**
 * The rows of a planted-duplicates file: each row is, with probability `share` (drawn from a
 * PRNG of its own), a messy copy of an earlier customer, otherwise a new customer.
 */
function plantedRows(rows, seed, share, uniqueContacts) {
  const dupRnd = mulberry32(seed ^ 0x5bd1e995);
  const states = new Int32Array(rows);
  const ids = new Int32Array(rows);
  const labels = new Int32Array(rows);
  let customers = 0;
  return {
    labels,
    next(id) {
      if (customers > 0 && dupRnd() < share) {
        const k = Math.floor(dupRnd() * customers);
        labels[id - 1] = k + 1;
        const main = rnd;
        rnd = dupRnd;
        const text = duplicateRow(id, { state: states[k], id: ids[k], unique: uniqueContacts ? k + 1 : null });
        rnd = main;
        return text;
      }
      states[customers] = rnd.state();
      ids[customers] = id;
      customers += 1;
      labels[id - 1] = customers;
      uniqueCustomer = uniqueContacts ? customers : null;
      const text = row(id);
      uniqueCustomer = null;
      return text;
    },
  };
}

// ---------------------------------------------------------------- main

function generatorHash() {
  return createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);
}

export function generate({ rows, seed, out, ifMissing = false, quiet = false, uniqueContacts = false, duplicates = 0 }) {
  const meta = `${out}.json`;
  const generator = `v${GENERATOR_VERSION}-${generatorHash()}`;
  if (ifMissing && existsSync(out) && existsSync(meta)) {
    try {
      const m = JSON.parse(readFileSync(meta, 'utf8'));
      const same = (m.unique_contacts ?? false) === uniqueContacts && (m.duplicates ?? 0) === duplicates;
      if (same && m.rows === rows && m.seed === seed && m.generator === generator && statSync(out).size === m.bytes) {
        if (!quiet) console.log(`generate: ${out} is up to date (${rows} rows, seed ${seed}, ${m.bytes} bytes, sha256 ${m.sha256})`);
        return { ...m, skipped: true };
      }
    } catch {
      // regenerate
    }
  }
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  rnd = mulberry32(seed);
  const planted = uniqueContacts || duplicates > 0 ? plantedRows(rows, seed, duplicates, uniqueContacts) : null;
  const started = performance.now();
  const hash = createHash('sha256');
  const fd = openSync(out, 'w');
  let bytes = 0;
  const write = (text) => {
    const buf = Buffer.from(text, 'utf8');
    hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off);
    bytes += buf.length;
  };
  try {
    write(HEADER.join(',') + '\n');
    const BATCH = 10_000;
    for (let start = 1; start <= rows; start += BATCH) {
      const end = Math.min(rows, start + BATCH - 1);
      let text = '';
      for (let id = start; id <= end; id++) text += planted ? planted.next(id) : row(id);
      write(text);
    }
  } finally {
    closeSync(fd);
  }
  const sha256 = hash.digest('hex');
  const info = { rows, seed, columns: HEADER.length, bytes, sha256, generator, file: out };
  if (planted) {
    info.unique_contacts = uniqueContacts;
    info.duplicates = duplicates;
    info.truth = `${out}.truth.txt`;
    info.entities = planted.labels.reduce((max, l) => Math.max(max, l), 0);
    writeFileSync(info.truth, Array.from(planted.labels, String).join('\n') + '\n');
  }
  writeFileSync(meta, JSON.stringify(info, null, 2) + '\n');
  if (!quiet) {
    const secs = (performance.now() - started) / 1000;
    console.log(`generate: wrote ${out}: ${rows} rows + header, ${HEADER.length} columns, ${bytes} bytes (${(bytes / 1e6).toFixed(1)} MB) in ${secs.toFixed(1)} s`);
    console.log(`generate: sha256 ${sha256}  (seed ${seed})`);
  }
  return { ...info, skipped: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    generate(parseArgs(process.argv.slice(2)));
  } catch (err) {
    console.error(`generate: ${err.message}`);
    process.exit(2);
  }
}
