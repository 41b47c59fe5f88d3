import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { announce } from './announcer';

/**
 * A secret the server shows only once (an API key, a webhook signing secret): focused and selected
 * for copying, with a button that copies it and says whether that worked.
 */
export function ShownOnce(props: {
  id: string;
  value: string;
  heading: string;
  warning: string;
  label: string;
  texts: { copy: string; copied: string; copyFailed: string; done: string };
  onDone: () => void;
  children?: ComponentChildren;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copyState, setCopyState] = useState<string | null>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  async function copy() {
    input.current?.select();
    let message = props.texts.copied;
    try {
      await navigator.clipboard.writeText(props.value);
    } catch {
      // Without clipboard permission (or over plain HTTP) the value stays selected for Ctrl+C.
      message = props.texts.copyFailed;
    }
    setCopyState(message);
    announce(message);
  }

  return (
    <div class="panel new-key" role="region" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      <p class="new-key__warning">{props.warning}</p>
      <div class="new-key__value">
        <label class="visually-hidden" for={props.id}>
          {props.label}
        </label>
        <input id={props.id} ref={input} class="pn" readOnly value={props.value} data-testid={props.id} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={copy}>
          {props.texts.copy}
        </button>
      </div>
      {copyState && <p class="small" role="status">{copyState}</p>}
      {props.children}
      <button type="button" class="primary" onClick={props.onDone}>
        {props.texts.done}
      </button>
    </div>
  );
}
