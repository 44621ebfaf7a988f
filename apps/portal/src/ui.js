import { useEffect, useState } from 'preact/hooks';
import { html } from './html.js';
import { t } from './i18n.js';

/** Loads `load()` on mount and when `deps` change: `{ data, error, reload }`. */
export function useLoad(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
export const ms = (value) =>
  value === null || value === undefined ? '—' : `${Math.round(value)} ms`;

export function Failure({ error }) {
  if (!error) return null;
  return html`<p class="notice bad" role="alert">${error.message}</p>`;
}

/**
 * What a screen that needs its data shows before it has it: its heading with
 * the load's error, or with a loading note; null once the data is there.
 */
export function pending(title, { data, error }) {
  if (error)
    return html`<h1>${title}</h1>
      <${Failure} error=${error} />`;
  if (!data)
    return html`<h1>${title}</h1>
      <p aria-live="polite">Loading…</p>`;
  return null;
}

/** The API's `details[].field` (`eventTypes.0`, `headers.x-a`) → the form field it belongs to. */
export function fieldErrors(details) {
  const errors = {};
  for (const { field, reason } of details ?? []) {
    const key = (field || 'form').split('.')[0];
    errors[key] = errors[key] ? `${errors[key]}; ${reason}` : reason;
  }
  return errors;
}

/** A form field with its label, hint and the API's error for it (`aria-describedby`). */
export function Field({ id, label, hint, error, children }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children} ${hint ? html`<span class="hint" id=${`${id}-hint`}>${hint}</span>` : null}
    ${error ? html`<span class="error" id=${`${id}-error`}>${error}</span>` : null}
  </div>`;
}

/** Input attributes that tie it to its hint and error. */
export const described = (id, hint, error) => ({
  id,
  'aria-invalid': error ? 'true' : undefined,
  'aria-describedby':
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') ||
    undefined,
});

/**
 * A labelled input (a textarea with `multiline`) tied to its hint and the
 * API's error for it; every other attribute goes to the input.
 */
export function InputField({ id, label, hint, error, multiline = false, ...input }) {
  const attributes = { ...input, ...described(id, Boolean(hint), error) };
  return html`<${Field} id=${id} label=${label} hint=${hint} error=${error}>
    ${multiline ? html`<textarea ...${attributes}></textarea>` : html`<input ...${attributes} />`}
  <//>`;
}

/**
 * Labelled inputs for a form's text fields: each field names its key in
 * `form` and `errors` (`name`, also its id unless it has an `id`); every other
 * property goes to its InputField. `set(name)` makes a field's input handler;
 * any other property (`disabled`) goes to every field.
 */
export const InputFields = ({ fields, form, errors, set, ...every }) =>
  fields.map(
    ({ name, id = name, ...field }) =>
      html`<${InputField}
        ...${every}
        ...${field}
        id=${id}
        error=${errors[name]}
        value=${form[name]}
        onInput=${set(name)}
      />`,
  );

/** A form's submit: runs `run()` and keeps its answer (`result`) or its error (`failure`). */
export function useAction(run) {
  const [result, setResult] = useState(null);
  const [failure, setFailure] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setFailure(null);
    try {
      setResult(await run());
    } catch (error) {
      setFailure(error);
    }
  };
  return { result, failure, submit };
}

/**
 * A form that the API checks: `submit` runs `save()` and, when the API refuses,
 * keeps its error (`failure`) and spreads its details over the fields
 * (`errors`); `saving` is true while `save()` runs. `check()` may first return
 * what the form itself finds wrong (field → reason); then nothing is sent.
 */
export function useSave(save, check = () => null) {
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const local = check();
    if (local) {
      setErrors(local);
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      await save();
      setErrors({});
    } catch (error) {
      setErrors(fieldErrors(error.details));
      setFailure(error);
    } finally {
      setSaving(false);
    }
  };
  return { errors, failure, saving, submit };
}

/** State badge; the word carries the meaning, the colour only repeats it. */
export const Badge = ({ value }) => html`<span class=${`badge ${value}`}>${value}</span>`;

/** A message id that opens the message's screen. */
export const MessageLink = ({ id }) => html`<a href=${`#/messages/${id}`}><code>${id}</code></a>`;

/**
 * A table's column headings; a name is its label, or `{ label, className }`
 * for a column styled apart (numbers align right with `num`).
 */
export const Columns = ({ names }) =>
  html`<thead>
    <tr>
      ${names.map((name) =>
        typeof name === 'object'
          ? html`<th scope="col" class=${name.className}>${name.label}</th>`
          : html`<th scope="col">${name}</th>`,
      )}
    </tr>
  </thead>`;

/** The columns of a table of attempts: the deliveries screen's and the live view's. */
export const AttemptColumns = () =>
  html`<${Columns}
    names=${['Time', 'Outcome', 'Status', { label: 'Latency', className: 'num' }, 'Event type', t('Message')]}
  />`;
