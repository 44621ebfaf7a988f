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

/** State badge; the word carries the meaning, the colour only repeats it. */
export const Badge = ({ value }) => html`<span class=${`badge ${value}`}>${value}</span>`;

/** The columns of a table of attempts: the deliveries screen's and the live view's. */
export const AttemptColumns = () =>
  html`<thead>
    <tr>
      <th scope="col">Time</th>
      <th scope="col">Outcome</th>
      <th scope="col">Status</th>
      <th scope="col" class="num">Latency</th>
      <th scope="col">Event type</th>
      <th scope="col">${t('Message')}</th>
    </tr>
  </thead>`;
