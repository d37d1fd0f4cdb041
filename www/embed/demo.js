// The demo of crm-validate.js on embed.html: a signup form checked as it is
// typed, and an English / Chinese toggle. Nothing is sent anywhere.

import { init, attach } from './crm-validate.js';

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- language

const STRINGS = {
  en: {
    skip: 'Skip to the form',
    nav: 'Site',
    back: 'Clean a CSV file',
    title: 'Check a form as it is typed',
    lede:
      "This signup form is checked by crm-cleaner's WebAssembly core, with the same rules as the batch cleaner: " +
      'typos in email domains, phone numbers for the chosen country, dates in any common format.',
    private: 'Private',
    privacy: 'Everything runs in your browser. Nothing you type is sent anywhere, not even when you submit.',
    formTitle: 'Sign up',
    requiredNote: 'Fields marked * are required.',
    loading: 'Loading the validator…',
    loadFailed: 'The validator could not be loaded, so the form is not checked here.',
    name: 'Full name',
    email: 'Email',
    mobile: 'Mobile number',
    region: 'Country or region of the number',
    rCN: 'China +86',
    rUS: 'United States +1',
    rGB: 'United Kingdom +44',
    rDE: 'Germany +49',
    rFR: 'France +33',
    rJP: 'Japan +81',
    rIN: 'India +91',
    rBR: 'Brazil +55',
    rAU: 'Australia +61',
    mobileHint: 'With or without the country code, e.g. 138 0013 8000.',
    company: 'Company',
    birthday: 'Birthday',
    birthdayHint: 'Any common format: 1990-03-04, 4 March 1990, 1990年3月4日.',
    submit: 'Sign up',
    resultTitle: 'Everything checks out. Nothing was sent: this demo has no server.',
    resultLede: 'What a server would receive, normalized:',
    howtoTitle: 'Use it on your own form',
    howto:
      'Host embed/crm-validate.js with embed/pkg/ (crm_cleaner.js and crm_cleaner_bg.wasm, served as application/wasm), then:',
    footer: 'crm-cleaner: clean CRM exports in your browser',
    docTitle: 'crm-cleaner: form validation demo',
    toggle: '中文',
    toggleLang: 'zh',
    toggleLabel: '切换到中文',
    empty: '(empty)',
  },
  zh: {
    skip: '跳到表单',
    nav: '站点',
    back: '清洗 CSV 文件',
    title: '边输入边检查表单',
    lede: '这个注册表单由 crm-cleaner 的 WebAssembly 内核检查，规则与批量清洗完全相同：电子邮件域名的拼写错误、所选国家的电话号码、各种常见格式的日期。',
    private: '隐私',
    privacy: '一切都在您的浏览器中运行。您输入的内容不会发送到任何地方，提交时也不会。',
    formTitle: '注册',
    requiredNote: '带 * 的为必填项。',
    loading: '正在加载校验器…',
    loadFailed: '校验器加载失败，此处不会检查表单。',
    name: '姓名',
    email: '电子邮件',
    mobile: '手机号码',
    region: '号码所属国家或地区',
    rCN: '中国 +86',
    rUS: '美国 +1',
    rGB: '英国 +44',
    rDE: '德国 +49',
    rFR: '法国 +33',
    rJP: '日本 +81',
    rIN: '印度 +91',
    rBR: '巴西 +55',
    rAU: '澳大利亚 +61',
    mobileHint: '可带或不带国家代码，例如 138 0013 8000。',
    company: '公司',
    birthday: '生日',
    birthdayHint: '任何常见格式：1990-03-04、4 March 1990、1990年3月4日。',
    submit: '注册',
    resultTitle: '全部通过。没有发送任何内容：这个演示没有服务器。',
    resultLede: '服务器将收到的规范化数据：',
    howtoTitle: '在您自己的表单上使用',
    howto: '把 embed/crm-validate.js 与 embed/pkg/（crm_cleaner.js 和 crm_cleaner_bg.wasm，以 application/wasm 类型提供）放在一起，然后：',
    footer: 'crm-cleaner：在浏览器中清洗 CRM 导出数据',
    docTitle: 'crm-cleaner：表单校验演示',
    toggle: 'English',
    toggleLang: 'en',
    toggleLabel: 'Switch to English',
    empty: '（空）',
  },
};

let lang = navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';

function applyLanguage() {
  const t = STRINGS[lang];
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t.docTitle;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t[el.dataset.i18n];
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t[el.dataset.i18nAriaLabel]);
  const toggle = $('lang-toggle');
  toggle.textContent = t.toggle;
  toggle.lang = t.toggleLang;
  toggle.setAttribute('aria-label', t.toggleLabel);
  if (!$('result').hidden) showResult();
}

$('lang-toggle').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  applyLanguage();
});

// ---------------------------------------------------------------- the form

const form = $('signup');

// Labels of the summary, per field name.
const FIELDS = ['name', 'email', 'mobile', 'company', 'birthday'];

attach(form, {
  name: { type: 'full_name', required: true },
  email: { type: 'email', required: true },
  mobile: { type: 'mobile', regionFrom: 'region', required: true, messageAfter: $('mobile-group') },
  company: 'company',
  birthday: { type: 'date' },
});

// attach() runs first (capture phase) and cancels the event when a field
// has an error, so this only runs for a form that passed.
form.addEventListener('submit', (event) => {
  event.preventDefault(); // nothing is sent: this demo has no server
  showResult();
  $('result').focus();
});

// Editing again hides the old summary.
form.addEventListener('input', () => {
  $('result').hidden = true;
});

function showResult() {
  const t = STRINGS[lang];
  const list = $('result-values');
  list.replaceChildren();
  for (const name of FIELDS) {
    const row = document.createElement('div');
    const dt = document.createElement('dt');
    dt.textContent = t[name];
    const dd = document.createElement('dd');
    const value = form.elements.namedItem(name).value.trim();
    dd.textContent = value || t.empty;
    if (!value) dd.className = 'is-empty';
    row.append(dt, dd);
    list.append(row);
  }
  $('result').hidden = false;
}

applyLanguage();

init().then(
  () => {
    $('loading').hidden = true;
    document.body.dataset.ready = 'true';
  },
  (error) => {
    $('loading').dataset.i18n = 'loadFailed';
    $('loading').textContent = STRINGS[lang].loadFailed;
    document.body.dataset.ready = 'failed';
    console.error(error);
  },
);
