// Type declarations for crm-validate.js, the embeddable form validator of
// crm-cleaner. Host crm-validate.js in <base>/embed/ and the validation-only
// wasm-bindgen output of `make build-embed` (crm_cleaner.js, and
// crm_cleaner_bg.wasm served as application/wasm) in <base>/embed/pkg/.

/** A column type the core knows, e.g. 'email', 'phone', 'mobile', 'date'. */
export type FieldType =
  | 'email'
  | 'phone'
  | 'mobile'
  | 'landline'
  | 'date'
  | 'datetime'
  | 'cn_id'
  | 'postal_code'
  | 'country'
  | 'gender'
  | 'full_name'
  | 'given_name'
  | 'family_name'
  | 'company'
  | 'url'
  | 'number'
  | 'currency'
  | 'text'
  // Other type names of the core are accepted too; an unknown one throws.
  | (string & {});

/** An ISO 3166-1 alpha-2 code such as 'CN', 'US', 'GB'. */
export type Region = string;

/** The language of the `message` fields: any `zh*` tag gives 'zh', anything else 'en'. */
export type Lang = 'en' | 'zh' | (string & {});

/**
 * A crm-cleaner cleaning profile as a plain object (the same JSON the batch
 * cleaner and the CLI read). Its settings (default region, date order, typo
 * fixing, ...) apply to the value.
 */
export type CleaningProfile = Record<string, unknown>;

export interface Issue {
  /** Stable code, e.g. 'email.domain_typo', 'phone.too_short'; 'required' from attach(). */
  code: string;
  /** Errors make the value invalid; warnings do not. */
  severity: 'error' | 'warning';
  /** The message in English. */
  en: string;
  /** The message in Simplified Chinese. */
  zh: string;
  /** `en` or `zh`, in the language chosen by `lang` or `<html lang>`. */
  message: string;
}

export interface ValidationResult {
  /** False when there is at least one error. */
  valid: boolean;
  /** The value as the batch cleaner would store it ('+8613800138000', '1990-03-04'); null when invalid. */
  normalized: string | null;
  issues: Issue[];
  /** A likely intended value ('ann@gmail.com' for 'ann@gmial.com'), or null. */
  suggestion: string | null;
}

export interface InitOptions {
  /**
   * Where to load crm_cleaner_bg.wasm from. Default: next to
   * ../pkg/crm_cleaner.js. A relative URL is resolved against the page.
   */
  wasmUrl?: string | URL;
  /** The module itself instead: a compiled WebAssembly.Module, its bytes, or a Response / Promise of one. */
  module?: WebAssembly.Module | BufferSource | Response | Promise<Response>;
}

/**
 * Loads the WebAssembly module once. Every call returns the same promise
 * (later calls' options are ignored); after a failure the next call retries.
 */
export function init(options?: InitOptions): Promise<void>;

/** True once init() has resolved and the validator has not crashed since. */
export function isReady(): boolean;

export interface ValidateOptions {
  /** Language of `message`; default: `document.documentElement.lang`. */
  lang?: Lang;
  /** Region for national-format phone numbers; the country of postal codes. */
  region?: Region;
  profile?: CleaningProfile;
}

/**
 * Validates one value with the same rules as the batch cleaner.
 * @throws if init() has not finished, for an unknown type or option.
 */
export function validate(type: FieldType, value: string, options?: ValidateOptions): ValidationResult;

export interface FieldSpec {
  type: FieldType;
  /** Fixed region for this field. */
  region?: Region;
  /**
   * A control of the form (its name or id, or the element) whose value is the
   * region, typically a <select> of country codes. The field is re-checked
   * when it changes.
   */
  regionFrom?: string | HTMLSelectElement | HTMLInputElement;
  /** Empty is an error on submit. Default: the input's `required` attribute. */
  required?: boolean;
  /**
   * true: on blur, write the normalized value into the input (when valid and
   * no suggestion is on offer). 'hint': show it under the input instead.
   * Default: true for email, phone, mobile, landline, date, datetime; else false.
   */
  normalizeOnBlur?: boolean | 'hint';
  profile?: CleaningProfile;
  /**
   * Insert the message after this element (or the element with this id)
   * instead of right after the input (or after the <label> wrapping it), e.g.
   * after an input group.
   */
  messageAfter?: Element | string;
}

/** Input names or ids mapped to a type name or a FieldSpec; a Map or entry list may use elements as keys. */
export type FieldMap =
  | Record<string, FieldType | FieldSpec>
  | Map<string | HTMLInputElement | HTMLTextAreaElement, FieldType | FieldSpec>
  | Array<[string | HTMLInputElement | HTMLTextAreaElement, FieldType | FieldSpec]>;

export interface AttachOptions {
  /** Fixed language of the messages; default: follow `<html lang>`, live. */
  lang?: Lang;
  /** Milliseconds of quiet typing before a field is checked. Default 150. */
  debounce?: number;
  /** Default of FieldSpec.normalizeOnBlur for every field. */
  normalizeOnBlur?: boolean | 'hint';
  /** Default region of every field without `region` or `regionFrom`. */
  region?: Region;
  /** Default cleaning profile of every field. */
  profile?: CleaningProfile;
  /**
   * Switch off the browser's own validation bubbles for the form while
   * attached (the other controls are still checked natively on submit). Default true.
   */
  noValidate?: boolean;
  /** Set aria-invalid="true" for warnings too (not only errors). Default true. */
  ariaInvalidOnWarning?: boolean;
  /** Build the phone metadata while the page is idle, not on the first keystroke. Default true. */
  warmUp?: boolean;
}

/** The status attach() gives a field; also its `data-crm-validate` attribute (except 'empty', 'unchecked'). */
export type FieldStatus = 'error' | 'warning' | 'valid' | 'empty' | 'unchecked';

/** `detail` of the bubbling 'crm-validate' event dispatched on an input after each check. */
export interface FieldCheckDetail {
  status: FieldStatus;
  type: FieldType;
  issues: Issue[];
  normalized: string | null;
  suggestion: string | null;
}

/** Removes every listener, element and attribute attach() added. Idempotent. */
export type Detach = () => void;

/**
 * Validates the form's fields as the user types (debounced), on blur and on
 * submit; an error cancels the submit event (other submit listeners do not
 * run) and focuses the first invalid field. Warnings are shown but do not block.
 * Calls init() itself if needed; fields are checked once it has loaded.
 */
export function attach(form: HTMLFormElement | string, fieldMap: FieldMap, options?: AttachOptions): Detach;

declare global {
  interface HTMLElementEventMap {
    'crm-validate': CustomEvent<FieldCheckDetail>;
  }
}
