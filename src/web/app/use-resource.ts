import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { announce } from './components/announcer';
import { focusPageHeading } from './components/page';
import { asApiError, errorText, type ApiError } from './api';

export interface ResourceOptions<T = unknown> {
  /**
   * When `deps` change, what was shown goes at once (a page of another vendor or status must not
   * show the last one's while it loads); by default it stays until the new answer comes.
   */
  clearOnChange?: boolean;
  /**
   * Waits this long after a change of `deps` before asking, so typing sends one request per pause
   * rather than one per key; meanwhile `stale` says the rows shown answer the previous question.
   */
  delayMs?: number;
  /**
   * For what changes by itself (an order on its way): after each answer (`data`) or refusal
   * (`error`), how long until it is read again; null reads it no more until `deps` change.
   */
  refreshMs?: (data: T | null, error: ApiError | null) => number | null;
}

/**
 * What a page shows, loaded when it opens and again when `deps` change or `reload()` is called.
 * An answer that arrives after a newer request was made is dropped, so a quick change of filters
 * never shows the older list.
 */
export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[] = [], options: ResourceOptions<T> = {}) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [stale, setStale] = useState(false);
  const latest = useRef(0);
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refreshMs = useRef(options.refreshMs);
  refreshMs.current = options.refreshMs;
  const reload = useCallback(async () => {
    const request = ++latest.current;
    clearTimeout(refresh.current);
    let next: number | null | undefined;
    try {
      const value = await load();
      if (request === latest.current) {
        setData(value);
        setError(null);
        next = refreshMs.current?.(value, null);
      }
    } catch (err) {
      if (request === latest.current) {
        const refusal = asApiError(err);
        setError(refusal);
        next = refreshMs.current?.(null, refusal);
      }
    } finally {
      if (request === latest.current) setStale(false);
    }
    if (next != null && request === latest.current) refresh.current = setTimeout(() => void reload(), next);
  }, deps);
  useEffect(() => {
    if (options.clearOnChange) {
      setData(null);
      setError(null);
    }
    // Leaving the page or asking another question: nothing of the old one is shown or read again.
    const stop = () => {
      latest.current++;
      clearTimeout(refresh.current);
    };
    if (!options.delayMs) {
      void reload();
      return stop;
    }
    // An answer to the previous question that is still on its way is dropped from now on.
    latest.current++;
    setStale(true);
    const timer = setTimeout(() => void reload(), options.delayMs);
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [reload]);
  return { data, error, loading: data === null && error === null, stale, reload, setData };
}

/**
 * The buttons of a list (revoke, disable, ping): one runs at a time per row, its outcome is shown
 * and announced to screen readers, and the list is read again afterwards.
 */
export function useRowActions(afterEach: () => Promise<unknown>) {
  const [busyId, setBusyId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Shows and announces what was done. */
  function tell(text: string) {
    setError(null);
    setNotice(text);
    announce(text);
  }
  async function run(id: string, action: () => Promise<string>): Promise<boolean> {
    setBusyId(id);
    setNotice(null);
    setError(null);
    try {
      tell(await action());
      await afterEach();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusyId(null);
    }
  }
  return { busyId, notice, error, setNotice, setError, tell, run };
}

/**
 * Something made with a secret shown once (an API key, a webhook's signing secret): after it is
 * created the page shows the secret instead of the form, the list is read again, and once the
 * person is done the form comes back with the focus on the page's heading.
 */
export function useShownOnce<T>(actions: { setNotice: (text: string | null) => void }, reload: () => Promise<unknown>) {
  const [created, setCreated] = useState<T | null>(null);
  return {
    created,
    onCreated(answer: T) {
      actions.setNotice(null);
      setCreated(answer);
      void reload();
    },
    onDone() {
      setCreated(null);
      focusPageHeading();
    },
  };
}
