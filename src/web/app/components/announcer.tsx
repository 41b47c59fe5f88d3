import { useEffect, useState } from 'preact/hooks';

/** One polite live region for the whole app: "added to cart", "saved", without moving focus. */
let push: (text: string) => void = () => {};
export const announce = (text: string) => push(text);

export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    push = (next) => {
      // Clearing first makes a repeated message be read again.
      setText('');
      setTimeout(() => setText(next), 30);
    };
  }, []);
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
