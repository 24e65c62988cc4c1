/**
 * Puts a code into page inputs so that framework-controlled forms (React, Vue,
 * Angular, Svelte) take it as typed. Never submits unless asked to.
 */
import { findCodeFieldsOnRequest, type OtpField } from './detect';

const EDITABLE = /^(?:text|tel|number|password|search|email|url|)$/;

/**
 * The prototype's setter: React shadows `value` on the element to remember what it
 * rendered and drops input events whose value matches; going around it makes the
 * following input event count as a change.
 */
function setValue(input: HTMLInputElement, value: string): void {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
}

const fire = (input: HTMLInputElement, event: Event) => input.dispatchEvent(event);
const init = { bubbles: true, composed: true, cancelable: true };

export function fillInput(input: HTMLInputElement, value: string): boolean {
  input.focus();
  fire(input, new InputEvent('beforeinput', { ...init, inputType: 'insertText', data: value }));
  setValue(input, value);
  fire(input, new InputEvent('input', { ...init, cancelable: false, inputType: 'insertText', data: value }));
  fire(input, new Event('change', init));
  return input.value === value;
}

/** One key as split-digit widgets expect it: they listen to keys or input and move focus themselves. */
function typeKey(input: HTMLInputElement, key: string): void {
  input.focus();
  const keyInit = { ...init, key, code: `Digit${key}` };
  fire(input, new KeyboardEvent('keydown', keyInit));
  fire(input, new KeyboardEvent('keypress', { ...keyInit, charCode: key.charCodeAt(0) }));
  fillInput(input, key);
  fire(input, new KeyboardEvent('keyup', keyInit));
}

/** Fills one detected field; false when the code does not fit it or the page rejected it. */
export function fillField(field: OtpField, code: string): boolean {
  const { inputs } = field;
  const clean = code.replace(/\s/g, '');
  if (inputs.length === 1) {
    const max = inputs[0]!.maxLength;
    return (max < 0 || clean.length <= max) && fillInput(inputs[0]!, clean);
  }
  if (clean.length !== inputs.length) return false;
  inputs.forEach((input, i) => typeKey(input, clean[i]!));
  return inputs.every((input, i) => input.value === clean[i]);
}

/** The focused element, looking through open shadow roots. */
function deepActive(): Element | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Shortcut/menu path: fills whatever text input has focus, even one detection passed over. */
export function fillFocused(code: string): boolean {
  const el = deepActive();
  if (!(el instanceof HTMLInputElement) || !EDITABLE.test(el.type) || el.disabled || el.readOnly) return false;
  // Focus on one box of a split code: fill the whole row.
  const field = findCodeFieldsOnRequest(el.getRootNode() as Document | ShadowRoot).find((f) => f.inputs.includes(el));
  return field ? fillField(field, code) : fillInput(el, code.replace(/\s/g, ''));
}

/**
 * Only for accounts where the user enabled auto-submit. Clicking the submit button
 * runs the page's own click handlers (many SPAs listen there) and submits the form
 * as a user would; without one, requestSubmit still runs validation and submit handlers.
 */
export function submitFormOf(field: OtpField): boolean {
  const input = field.inputs[field.inputs.length - 1]!;
  const form = input.form ?? input.closest('form');
  if (!form) return false;
  const button = form.querySelector<HTMLButtonElement | HTMLInputElement>(
    'button[type=submit]:not(:disabled),button:not([type]):not(:disabled),input[type=submit]:not(:disabled)',
  );
  if (button) button.click();
  else form.requestSubmit();
  return true;
}
