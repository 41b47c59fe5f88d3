import { useEffect, useRef, useState } from 'preact/hooks';
import { passwordProblem } from '../../../../domain/dealers/password-policy';
import { passwordProblemText } from '../../../../locale/shared.ru';

const passwordText = (problem: ReturnType<typeof passwordProblem>) => (problem ? passwordProblemText(problem) : undefined);
import type { WireOf } from '../../../../api/common.schemas';
import type { previousApplicationSchema } from '../../../../api/dealers/dealers.schemas';
import { LEGAL_FORMS, type LegalForm } from '../../../../domain/requisites/legal-form';
import { api, asApiError, errorText, type FieldError, type RegistrationAccepted, type RequisitesCheck } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, CheckboxGroup, Field, SelectField } from '../../components/field';
import { t } from '../../locale-ru';
import { href } from '../../router';

const r = t.register;

/** The fields of the form, named as POST /api/registrations names them where it can. */
const TEXT_FIELDS = [
  'legalForm', 'fullName', 'shortName', 'inn', 'kpp', 'ogrn', 'legalAddress', 'postalAddress',
  'bik', 'bankName', 'correspondentAccount', 'settlementAccount',
  'director', 'contactPerson', 'email', 'phone', 'vendors', 'login', 'userFullName', 'password', 'passwordConfirm',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type FormField = TextField | 'segments';
type Form = Record<TextField, string>;

/** What POST /api/requisites/check looks at: the live checks run on these as the applicant types. */
const REQUISITES = ['legalForm', 'inn', 'kpp', 'ogrn', 'bik', 'correspondentAccount', 'settlementAccount'] as const;
type Requisite = (typeof REQUISITES)[number];
/**
 * Digits a requisite has when it is typed out (the shortest kind): a finding is shown as soon as
 * the value is that long, or once the applicant leaves the field, not at every digit on the way.
 */
const FULL_LENGTH: Partial<Record<Requisite, number>> = { inn: 10, kpp: 9, ogrn: 13, bik: 9, correspondentAccount: 20, settlementAccount: 20 };
const CHECK_DELAY_MS = 350;
const SEGMENTS = ['EDU', 'GOV'];

/** The API's field name (`user.password`, `requestedVendors.2`) as the field of this form. */
function formField(apiField: string): FormField | undefined {
  const [head, rest] = apiField.split('.', 2) as [string, string?];
  if (head === 'user') return ({ login: 'login', password: 'password', fullName: 'userFullName', email: 'email' } as Record<string, FormField>)[rest ?? ''];
  if (head === 'requestedSegments') return 'segments';
  if (head === 'requestedVendors') return 'vendors';
  return (TEXT_FIELDS as readonly string[]).includes(head) ? (head as TextField) : undefined;
}

/** Several messages for one field (two unknown vendor codes) are shown together, one a line. */
function byField(findings: FieldError[]): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const f of findings) {
    const field = formField(f.field);
    if (field) out[field] = out[field] && out[field] !== f.message ? `${out[field]}\n${f.message}` : f.message;
  }
  return out;
}

const isIndividual = (legalForm: string) => LEGAL_FORMS[legalForm as LegalForm] === 'individual';

/** What POST /api/registrations/previous gives back: the rejected application, to correct. */
type PreviousApplication = WireOf<typeof previousApplicationSchema>;

/**
 * A prospective dealer applies: requisites checked as they are typed, the answer sent by e-mail.
 * With `reapply`, a rejected applicant first opens its application with its login and password,
 * corrects it and sends it again (the account stays as it was).
 */
export function RegisterPage({ reapply = false }: { reapply?: boolean }) {
  const [previous, setPrevious] = useState<(PreviousApplication & { login: string; password: string }) | null>(null);
  const [form, setForm] = useState<Form>(() => ({ ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Form), legalForm: 'ООО' }));
  const [segments, setSegments] = useState<string[]>([]);
  const [touched, setTouched] = useState<ReadonlySet<FormField>>(new Set());
  const [live, setLive] = useState<{ errors: Partial<Record<FormField, string>>; warnings: Partial<Record<FormField, string>> }>({ errors: {}, warnings: {} });
  const [checking, setChecking] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FormField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<RegistrationAccepted | null>(null);
  const checkSeq = useRef(0);
  const focusFirstInvalid = useRef(false);
  /** What the BIK directory last filled in: replaced by the next BIK's bank, never what the applicant typed. */
  const fromDirectory = useRef<{ bankName: string; correspondentAccount: string }>({ bankName: '', correspondentAccount: '' });
  const individual = isIndividual(form.legalForm);

  const touch = (field: FormField) => setTouched((prev) => (prev.has(field) ? prev : new Set(prev).add(field)));
  function set(field: TextField, value: string) {
    setForm((prev) => ({ ...prev, [field]: value }));
    setServerErrors((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));
  }

  // The live requisite check: the latest answer wins, an older one arriving late is dropped.
  const requisites = REQUISITES.map((f) => (f === 'kpp' && individual ? '' : form[f].trim()));
  useEffect(() => {
    const seq = ++checkSeq.current;
    const body = Object.fromEntries(REQUISITES.map((f, i) => [f, requisites[i]]).filter(([, v]) => v));
    const timer = setTimeout(() => {
      setChecking(true);
      api<RequisitesCheck>('POST', '/api/requisites/check', body).then(
        (answer) => {
          if (seq !== checkSeq.current) return;
          setLive({ errors: byField(answer.errors), warnings: byField(answer.warnings) });
          setChecking(false);
          const bank = answer.bank;
          if (bank) {
            // The bank's name and correspondent account from the Central Bank's directory, into
            // fields that are empty or hold what the directory gave for an earlier BIK.
            const filled = { bankName: bank.name, correspondentAccount: bank.correspondentAccount ?? '' };
            const before = fromDirectory.current;
            fromDirectory.current = filled;
            setForm((prev) => ({
              ...prev,
              bankName: !prev.bankName.trim() || prev.bankName === before.bankName ? filled.bankName : prev.bankName,
              correspondentAccount: !prev.correspondentAccount.trim() || prev.correspondentAccount === before.correspondentAccount ? filled.correspondentAccount : prev.correspondentAccount,
            }));
          }
        },
        () => seq === checkSeq.current && setChecking(false), // the submit checks again; a lost live check is no error
      );
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, requisites);

  useEffect(() => {
    if (!focusFirstInvalid.current) return;
    focusFirstInvalid.current = false;
    document.querySelector<HTMLElement>('.register [aria-invalid=true], .register .field--invalid input')?.focus();
  }, [serverErrors]);

  const shown = (field: Requisite) => {
    const full = FULL_LENGTH[field];
    return touched.has(field) || (full !== undefined && form[field].replace(/\D/g, '').length >= full);
  };
  const passwordMessage = form.password && touched.has('password') ? passwordText(passwordProblem(form.password, { login: form.login, email: form.email })) : undefined;
  const confirmMessage = form.passwordConfirm && touched.has('passwordConfirm') && form.passwordConfirm !== form.password ? r.passwordMismatch : undefined;

  function errorOf(field: FormField): string | undefined {
    if (serverErrors[field]) return serverErrors[field];
    if ((REQUISITES as readonly string[]).includes(field) && shown(field as Requisite)) return live.errors[field];
    if (field === 'password') return passwordMessage;
    if (field === 'passwordConfirm') return confirmMessage;
    return undefined;
  }
  const warningOf = (field: Requisite) => (errorOf(field) ? undefined : shown(field) ? live.warnings[field] : undefined);

  /** Props of a text field: its value, its error or warning, and "touched" when left. */
  const bind = (field: TextField) => ({
    name: field,
    value: form[field],
    onValue: (v: string) => set(field, v),
    onBlur: () => touch(field),
    error: errorOf(field),
  });

  /** Fills the form with the rejected application: every text field as it was sent. */
  function openPrevious(answer: PreviousApplication, credentials: { login: string; password: string }) {
    const a = answer.application;
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    setForm((prev) => {
      const next = { ...prev };
      for (const field of TEXT_FIELDS) if (field in a) next[field] = text(a[field]);
      next.postalAddress = a.postalAddress === a.legalAddress ? '' : text(a.postalAddress);
      next.vendors = Array.isArray(a.requestedVendors) ? a.requestedVendors.join(', ') : '';
      next.login = credentials.login;
      return next;
    });
    setSegments(Array.isArray(a.requestedSegments) ? a.requestedSegments.map((x) => x.toUpperCase()) : []);
    setPrevious({ ...answer, ...credentials });
  }

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setTouched(new Set([...TEXT_FIELDS, 'segments']));
    if (!previous && form.passwordConfirm !== form.password) {
      setServerErrors({ passwordConfirm: r.passwordMismatch });
      focusFirstInvalid.current = true;
      return;
    }
    const optional = (v: string) => (v.trim() ? v.trim() : undefined);
    const body = {
      legalForm: form.legalForm,
      fullName: form.fullName,
      shortName: form.shortName,
      inn: form.inn.trim(),
      kpp: individual ? undefined : optional(form.kpp),
      ogrn: form.ogrn.trim(),
      legalAddress: form.legalAddress,
      postalAddress: optional(form.postalAddress),
      bik: form.bik.trim(),
      bankName: form.bankName,
      correspondentAccount: optional(form.correspondentAccount),
      settlementAccount: form.settlementAccount.trim(),
      director: form.director,
      contactPerson: form.contactPerson,
      email: form.email,
      phone: optional(form.phone),
      requestedSegments: segments,
      requestedVendors: form.vendors.split(/[\s,;]+/).filter(Boolean),
      user: previous ? { login: previous.login, password: previous.password } : { login: form.login.trim(), password: form.password, fullName: optional(form.userFullName) },
      ...(previous ? { reapply: true } : {}),
    };
    setBusy(true);
    try {
      const answer = await api<RegistrationAccepted>('POST', '/api/registrations', body);
      setAccepted(answer);
      announce(r.sentHeading);
      scrollTo(0, 0);
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length) {
        setServerErrors(byField(refusal.fields));
        setError(r.fixFirst);
        focusFirstInvalid.current = true;
      } else setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    if (accepted) document.getElementById('page-heading')?.focus();
  }, [accepted]);

  if (accepted)
    return (
      <main id="content" class="register">
        <section class="panel register__done" data-testid="registration-accepted">
          <h1 id="page-heading" tabIndex={-1}>
            {r.sentHeading}
          </h1>
          <p>{accepted.message}</p>
          <p>{r.sent}</p>
          <p class="strong">{r.sentLogin(accepted.login)}</p>
          {accepted.warnings.length > 0 && (
            <div class="field-warning">
              <p>{r.sentWarnings}</p>
              <ul>
                {accepted.warnings.map((w) => (
                  <li key={w.field}>{w.message}</li>
                ))}
              </ul>
            </div>
          )}
          <a class="button primary" href={href('/')}>
            {t.login.submit}
          </a>
        </section>
      </main>
    );

  return (
    <main id="content" class="register">
      <form class="register__form" onSubmit={submit} noValidate>
        <div class="register__head">
          <h1 id="page-heading" tabIndex={-1}>
            {r.heading}
          </h1>
          <a href={href('/')}>{r.toLogin}</a>
        </div>
        <p class="muted">{r.intro}</p>
        {reapply && !previous && <PreviousApplicationForm onOpened={openPrevious} />}
        {previous && <Alert kind="notice">{r.reapplyReason(previous.rejectionReason)}</Alert>}

        <fieldset class="panel">
          <legend>{r.organisation}</legend>
          <div class="form-grid">
            <SelectField
              label={r.legalForm}
              name="legalForm"
              value={form.legalForm}
              onValue={(v) => set('legalForm', v)}
              options={Object.keys(LEGAL_FORMS).map((f) => ({ value: f, label: f }))}
              error={errorOf('legalForm')}
            />
            <Field label={r.shortName} {...bind('shortName')} autoComplete="organization" />
            <Field label={r.fullName} hint={r.fullNameHint} {...bind('fullName')} class="form-grid__wide" />
            <Field label={r.inn} {...bind('inn')} warning={warningOf('inn')} inputMode="numeric" autoComplete="off" />
            <Field
              label={r.kpp}
              {...bind('kpp')}
              value={individual ? '' : form.kpp}
              error={individual ? undefined : errorOf('kpp')}
              warning={individual ? undefined : warningOf('kpp')}
              hint={individual ? r.kppIndividual : undefined}
              disabled={individual}
              inputMode="numeric"
              autoComplete="off"
            />
            <Field label={individual ? r.ogrnip : r.ogrn} {...bind('ogrn')} warning={warningOf('ogrn')} inputMode="numeric" autoComplete="off" />
            <Field label={r.legalAddress} {...bind('legalAddress')} class="form-grid__wide" />
            <Field label={r.postalAddress} hint={r.postalAddressHint} {...bind('postalAddress')} class="form-grid__wide" />
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{r.bank}</legend>
          <div class="form-grid">
            <Field label={r.bik} {...bind('bik')} warning={warningOf('bik')} inputMode="numeric" autoComplete="off" />
            <Field label={r.bankName} {...bind('bankName')} hint={form.bankName && form.bankName === fromDirectory.current.bankName ? r.fromBikDirectory : undefined} />
            <Field label={r.correspondentAccount} {...bind('correspondentAccount')} warning={warningOf('correspondentAccount')} inputMode="numeric" autoComplete="off" />
            <Field label={r.settlementAccount} {...bind('settlementAccount')} warning={warningOf('settlementAccount')} inputMode="numeric" autoComplete="off" />
          </div>
          {checking && (
            <p class="hint" role="status">
              {r.checking}
            </p>
          )}
        </fieldset>

        <fieldset class="panel">
          <legend>{r.people}</legend>
          <div class="form-grid">
            <Field label={r.director} {...bind('director')} />
            <Field label={r.contactPerson} {...bind('contactPerson')} autoComplete="name" />
            <Field label={r.email} hint={r.emailHint} type="email" {...bind('email')} autoComplete="email" />
            <Field label={r.phone} type="tel" {...bind('phone')} autoComplete="tel" />
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{r.wanted}</legend>
          <div class="form-grid">
            <CheckboxGroup
              legend={r.segments}
              name="requestedSegments"
              options={SEGMENTS.map((s) => ({ value: s, label: r.segmentNames[s] ?? s }))}
              values={segments}
              onValues={(v) => {
                setSegments(v);
                setServerErrors((prev) => ({ ...prev, segments: undefined }));
              }}
              error={errorOf('segments')}
            />
            <Field label={r.vendors} hint={r.vendorsHint} {...bind('vendors')} autoComplete="off" spellcheck={false} />
          </div>
        </fieldset>

        <fieldset class="panel">
          <legend>{r.account}</legend>
          {previous ? (
            <div class="form-grid">
              <Field label={r.login} hint={r.reapplyLoginFixed} name="login" value={previous.login} onValue={() => {}} disabled />
            </div>
          ) : (
            <div class="form-grid">
              <Field label={r.login} hint={r.loginHint} {...bind('login')} autoComplete="username" spellcheck={false} />
              <Field label={r.userFullName} hint={r.userFullNameHint} {...bind('userFullName')} />
              <Field label={r.password} hint={r.passwordHint} type="password" {...bind('password')} autoComplete="new-password" />
              <Field label={r.passwordConfirm} type="password" {...bind('passwordConfirm')} autoComplete="new-password" />
            </div>
          )}
        </fieldset>

        {error && <Alert>{error}</Alert>}
        <button type="submit" class="primary register__submit" disabled={busy}>
          {busy ? r.submitting : previous ? r.reapplySubmit : r.submit}
        </button>
      </form>
    </main>
  );
}

/** The rejected application's login and password, to open it for correcting. */
function PreviousApplicationForm({ onOpened }: { onOpened: (answer: PreviousApplication, credentials: { login: string; password: string }) => void }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function open() {
    setError(null);
    setBusy(true);
    try {
      const credentials = { login: login.trim(), password };
      onOpened(await api<PreviousApplication>('POST', '/api/registrations/previous', credentials), credentials);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset class="panel" data-testid="previous-application">
      <legend>{r.reapplyHeading}</legend>
      <p class="muted">{r.reapplyIntro}</p>
      <div class="form-grid">
        <Field label={t.login.login} name="previousLogin" value={login} onValue={setLogin} autoComplete="username" />
        <Field label={t.login.password} name="previousPassword" type="password" value={password} onValue={setPassword} autoComplete="current-password" />
      </div>
      {error && <Alert>{error}</Alert>}
      <button type="button" disabled={busy || !login.trim() || !password} onClick={open}>
        {busy ? r.reapplyLoading : r.reapplyLoad}
      </button>
    </fieldset>
  );
}
