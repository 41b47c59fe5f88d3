/**
 * The part of the Russian locale that the server and the browser both show: the words for the
 * codes the domain returns. The server's locale (ru.ts) and the web app's (web/app/locale-ru.ts)
 * take these from here rather than keeping copies.
 */
import type { PasswordProblem } from '../domain/dealers/password-policy';
import { plural } from '../domain/plural';

export { plural };

/** Why a password will not do (src/domain/dealers/password-policy.ts), as the person reads it. */
export function passwordProblemText(problem: PasswordProblem): string {
  switch (problem.code) {
    case 'tooShort':
      // "из" takes the genitive: из 1 символа, из 7 символов, из 21 символа.
      return `пароль из ${problem.length} ${plural(problem.length, 'символа', 'символов', 'символов')}, а нужно не меньше ${problem.min}`;
    case 'tooLong':
      return `пароль длиннее ${problem.max} символов`;
    case 'sameAsLogin':
      return 'пароль не должен совпадать с логином или адресом e-mail';
    case 'oneCharacter':
      return 'пароль из одного повторяющегося символа слишком прост';
  }
}
