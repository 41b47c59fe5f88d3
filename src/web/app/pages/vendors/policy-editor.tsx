import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, asApiError, type DealerPage, type ProductPage } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, CheckboxGroup, Field, SelectField } from '../../components/field';
import { END_USER_FIELDS, LICENSE_TYPES, parseLicensePolicy, QUANTITY_UNITS, SEGMENTS, type PolicyDocumentIssue } from '../../../../domain/license-policy';
import { t } from '../../locale-ru';
import { useResource } from '../../use-resource';
import { previewLicensePolicy, saveLicensePolicy, type PreviewAnswer, type VendorDetail } from '../../vendors-api';

const v = t.vendors;

/**
 * The license-policy editor: one card per rule with the fields its kind has, validated as staff
 * type by the same domain parser the server saves with (it is I/O-free and runs here), each
 * problem under the field it concerns. The form edits the JSON document itself, so what is saved
 * is exactly what staff see in the «Документ JSON» view.
 */
type Rule = Record<string, unknown>;
interface Doc {
  unit?: unknown;
  rules: Rule[];
  [key: string]: unknown;
}

const RULE_KINDS = Object.keys(v.ruleKinds);
/** The fields each kind has besides id, title, kind, appliesTo and note. */
const KIND_FIELDS: Record<string, string[]> = {
  min_quantity: ['min', 'unit'],
  max_quantity: ['max', 'unit'],
  quantity_bands: ['bands', 'unit'],
  quantity_multiple: ['multiple'],
  renewal_license_number: ['pattern', 'example'],
  upgrade_base_product: ['basePartNumbers'],
  segment_authorisation: [],
  dealer_authorisation: [],
  end_user_fields: ['fields'],
};
/** A new rule of a kind starts valid where a sensible value exists. */
const KIND_DEFAULTS: Record<string, Rule> = {
  min_quantity: { min: 1 },
  max_quantity: { max: 100 },
  quantity_bands: { bands: [[1, 9]] },
  quantity_multiple: { multiple: 5 },
  renewal_license_number: { pattern: '', example: '' },
  upgrade_base_product: { basePartNumbers: [] },
  segment_authorisation: {},
  dealer_authorisation: {},
  end_user_fields: { fields: ['name', 'inn'] },
};
const COMMON_FIELDS = ['id', 'title', 'kind', 'note', 'appliesTo.partNumbers', 'appliesTo.partNumberPrefixes', 'appliesTo.segments', 'appliesTo.licenseTypes'];

function asDoc(document: unknown): Doc {
  const object = document && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>) : {};
  return { ...object, rules: Array.isArray(object.rules) ? (object.rules as Rule[]) : [] };
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Where an issue is shown: "unit", "rules[2].bands", "rules[2].appliesTo.segments", "rules[2]", or "root". */
function placeOf(path: string): string {
  const m = /^rules\[(\d+)\](?:\.(appliesTo\.)?([A-Za-z]+))?/.exec(path);
  if (!m) return path === 'unit' ? 'unit' : 'root';
  return m[3] ? `rules[${m[1]}].${m[2] ?? ''}${m[3]}` : `rules[${m[1]}]`;
}
/** «правило «x», поле min: нужно…» under the field min of rule x says only «нужно…». */
const LOCATION = /^(?:правило (?:«[^»]*»|№\d+ \(без id\))(?:, поле [^:]+)?|поле [^:]+|документ): /;
const bare = (message: string) => message.replace(LOCATION, '');

const list = (text: string) => text.split(/[,;\n]+/).map((s) => s.trim()).filter(Boolean);
function bandsOf(text: string): unknown[] {
  return list(text).map((item) => {
    const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(item);
    if (range) return [Number(range[1]), Number(range[2])];
    return /^\d+$/.test(item) ? [Number(item), Number(item)] : item; // the parser names what is wrong with it
  });
}
const bandsText = (value: unknown) =>
  Array.isArray(value) ? value.map((b) => (Array.isArray(b) ? (b[0] === b[1] ? String(b[0]) : `${b[0]}-${b[1]}`) : String(b))).join(', ') : '';
/** A whole number becomes a number; anything else stays text, for the parser to name. */
const numberOf = (text: string): unknown => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

/** A text input that keeps what was typed ("5-") while the document holds what it means. */
function TextAs({ label, hint, value, toText, fromText, error, name, wide, inputMode }: {
  label: string;
  hint?: string;
  value: unknown;
  toText: (value: unknown) => string;
  fromText: (text: string) => unknown;
  error?: string | undefined;
  name: string;
  wide?: boolean;
  inputMode?: 'numeric' | 'text';
}) {
  const [text, setText] = useState(() => toText(value));
  return (
    <Field
      label={label}
      hint={hint}
      name={name}
      value={text}
      onValue={(next) => {
        setText(next);
        fromText(next);
      }}
      error={error}
      autoComplete="off"
      spellcheck={false}
      {...(inputMode ? { inputMode } : {})}
      {...(wide ? { class: 'form-grid__wide' } : {})}
    />
  );
}

export function PolicyEditor({ vendor, onSaved }: { vendor: VendorDetail; onSaved: (vendor: VendorDetail) => void }) {
  const [saved, setSaved] = useState(() => asDoc(vendor.policy.document));
  const [doc, setDoc] = useState(saved);
  // Bumped when the document is replaced wholesale, so that inputs holding their own text start afresh.
  const [version, setVersion] = useState(0);
  const [json, setJson] = useState<{ text: string; error: string | null } | null>(null);
  const [serverIssues, setServerIssues] = useState<PolicyDocumentIssue[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'notice'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const parsed = useMemo(() => parseLicensePolicy(doc), [doc]);
  const issues = parsed.ok ? serverIssues : parsed.issues;
  const byPlace = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const issue of issues) map.set(placeOf(issue.path), [...(map.get(placeOf(issue.path)) ?? []), issue.message]);
    return map;
  }, [issues]);
  const errorAt = (place: string) => byPlace.get(place)?.map(bare).join('\n') || undefined;
  const dirty = !same(doc, saved);

  function change(next: Doc, replaced = false) {
    setDoc(next);
    setJson(null);
    setServerIssues([]);
    setMessage(null);
    if (replaced) setVersion((n) => n + 1);
  }
  const setRule = (index: number, rule: Rule, replaced = false) => change({ ...doc, rules: doc.rules.map((r, i) => (i === index ? rule : r)) }, replaced);
  const setField = (index: number, key: string, value: unknown) => {
    const rule = { ...doc.rules[index] };
    if (value === undefined) delete rule[key];
    else rule[key] = value;
    setRule(index, rule);
  };
  const setSelector = (index: number, key: string, value: unknown[] | undefined) => {
    const rule = doc.rules[index]!;
    const appliesTo = { ...((rule.appliesTo as Record<string, unknown>) ?? {}) };
    if (value === undefined || value.length === 0) delete appliesTo[key];
    else appliesTo[key] = value;
    const next = { ...rule, appliesTo };
    if (Object.keys(appliesTo).length === 0) delete (next as Rule).appliesTo;
    setRule(index, next);
  };
  function setKind(index: number, kind: string) {
    const { id, title, appliesTo, note } = doc.rules[index]!;
    setRule(index, { id, title, kind, ...(appliesTo ? { appliesTo } : {}), ...(note !== undefined ? { note } : {}), ...KIND_DEFAULTS[kind] }, true);
  }
  function addRule() {
    const ids = new Set(doc.rules.map((r) => r.id));
    let n = doc.rules.length + 1;
    while (ids.has(`${vendor.code.toLowerCase()}-rule-${n}`)) n++;
    change({ ...doc, rules: [...doc.rules, { id: `${vendor.code.toLowerCase()}-rule-${n}`, title: '', kind: 'min_quantity', ...KIND_DEFAULTS.min_quantity }] }, true);
    // The new card's first field takes the focus, for keyboard users.
    setTimeout(() => document.querySelector<HTMLInputElement>(`[data-rule-index="${doc.rules.length}"] input`)?.focus(), 0);
  }
  const removeRule = (index: number) => change({ ...doc, rules: doc.rules.filter((_, i) => i !== index) }, true);
  function moveRule(index: number, by: -1 | 1) {
    const rules = [...doc.rules];
    [rules[index], rules[index + by]] = [rules[index + by]!, rules[index]!];
    change({ ...doc, rules }, true);
  }
  function editJson(text: string) {
    try {
      const next = asDoc(JSON.parse(text));
      setDoc(next);
      setVersion((n) => n + 1);
      setServerIssues([]);
      setJson({ text, error: null });
    } catch (err) {
      setJson({ text, error: v.jsonInvalid((err as Error).message) });
    }
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!parsed.ok) {
      setMessage({ kind: 'error', text: v.fixFirst });
      document.querySelector<HTMLElement>('.policy-editor [aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const answer = await saveLicensePolicy(vendor.code, doc);
      const next = asDoc(answer.vendor.policy.document);
      setSaved(next);
      change(next, true);
      setMessage({ kind: 'notice', text: v.policySaved });
      announce(v.policySaved);
      onSaved(answer.vendor);
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length > 0) {
        setServerIssues(refusal.fields.map((f) => ({ path: f.field.replace(/^policy\.?/, ''), message: f.message })));
      }
      setMessage({ kind: 'error', text: refusal.message });
    } finally {
      setBusy(false);
    }
  }

  const units = QUANTITY_UNITS.map((u) => ({ value: u, label: v.units[u] ?? u }));
  const rootErrors = [errorAt('root')].filter(Boolean).join('\n');
  return (
    <>
    <form class="panel policy-editor" onSubmit={save} noValidate aria-labelledby="policy-heading" data-testid="policy-editor">
      <h2 id="policy-heading">{v.policyHeading}</h2>
      <p class="hint">{v.policyHint}</p>
      <div class="form-grid">
        <SelectField label={v.unit} name="unit" value={String(doc.unit ?? 'license')} onValue={(unit) => change({ ...doc, unit })} options={units} error={errorAt('unit')} />
      </div>
      {rootErrors && <p class="field-error">{rootErrors}</p>}
      {doc.rules.length === 0 && <p class="empty">{v.noRulesYet}</p>}
      <ol class="policy-rules">
        {doc.rules.map((rule, i) => {
          const n = i + 1;
          const kind = String(rule.kind ?? '');
          const at = (field: string) => errorAt(`rules[${i}].${field}`);
          const shown = new Set([...COMMON_FIELDS, ...(KIND_FIELDS[kind] ?? [])].map((f) => `rules[${i}].${f}`));
          const ruleErrors = [...byPlace.entries()].filter(([place]) => place.startsWith(`rules[${i}]`) && !shown.has(place)).flatMap(([, m]) => m);
          const selector = (rule.appliesTo as Record<string, unknown> | undefined) ?? {};
          const textField = (field: string, label: string, hint?: string, wide = false) => (
            <Field
              label={label}
              hint={hint}
              name={field}
              value={typeof rule[field] === 'string' ? (rule[field] as string) : rule[field] === undefined ? '' : JSON.stringify(rule[field])}
              onValue={(value) => setField(i, field, field === 'note' && value === '' ? undefined : value)}
              error={at(field)}
              autoComplete="off"
              spellcheck={field === 'title' || field === 'note'}
              {...(wide ? { class: 'form-grid__wide' } : {})}
            />
          );
          const numberField = (field: string, label: string) => (
            <TextAs label={label} name={field} value={rule[field]} toText={(x) => (x === undefined ? '' : String(x))} fromText={(text) => setField(i, field, text.trim() === '' ? undefined : numberOf(text))} error={at(field)} inputMode="numeric" />
          );
          const listField = (field: string, label: string, value: unknown, onList: (items: string[]) => void, error: string | undefined) => (
            <TextAs label={label} hint={v.listHint} name={field} value={value} toText={(x) => (Array.isArray(x) ? x.join(', ') : '')} fromText={(text) => onList(list(text))} error={error} />
          );
          return (
            <li key={`${version}-${i}`} class="policy-rule" data-rule-index={i} data-rule-id={String(rule.id ?? '')}>
              <fieldset>
                <legend>
                  {v.rule(n)}
                  {typeof rule.title === 'string' && rule.title && <span class="muted">: {rule.title}</span>}
                </legend>
                <div class="policy-rule__tools">
                  <button type="button" class="link-button" onClick={() => moveRule(i, -1)} disabled={i === 0} aria-label={v.moveUp(n)}>
                    ↑
                  </button>
                  <button type="button" class="link-button" onClick={() => moveRule(i, 1)} disabled={i === doc.rules.length - 1} aria-label={v.moveDown(n)}>
                    ↓
                  </button>
                  <button type="button" class="link-button policy-rule__remove" onClick={() => removeRule(i)} aria-label={v.removeRule(n)}>
                    {v.remove}
                  </button>
                </div>
                {ruleErrors.length > 0 && <p class="field-error">{ruleErrors.join('\n')}</p>}
                <div class="form-grid">
                  {textField('title', v.ruleTitle, undefined, true)}
                  <SelectField
                    label={v.ruleKind}
                    name="kind"
                    value={kind}
                    onValue={(next) => setKind(i, next)}
                    options={[...(RULE_KINDS.includes(kind) ? [] : [{ value: kind, label: kind || '—' }]), ...RULE_KINDS.map((k) => ({ value: k, label: v.ruleKinds[k] ?? k }))]}
                    error={at('kind')}
                  />
                  {textField('id', v.ruleId, v.ruleIdHint)}
                  {kind === 'min_quantity' && numberField('min', v.min)}
                  {kind === 'max_quantity' && numberField('max', v.max)}
                  {kind === 'quantity_multiple' && numberField('multiple', v.multiple)}
                  {kind === 'quantity_bands' && (
                    <TextAs label={v.bands} hint={v.bandsHint} name="bands" value={rule.bands} toText={bandsText} fromText={(text) => setField(i, 'bands', bandsOf(text))} error={at('bands')} />
                  )}
                  {(KIND_FIELDS[kind] ?? []).includes('unit') && (
                    <SelectField
                      label={v.unit}
                      name="ruleUnit"
                      value={String(rule.unit ?? '')}
                      onValue={(unit) => setField(i, 'unit', unit || undefined)}
                      options={[{ value: '', label: v.unitOfPolicy }, ...units]}
                      error={at('unit')}
                    />
                  )}
                  {kind === 'renewal_license_number' && (
                    <>
                      {textField('pattern', v.pattern)}
                      {textField('example', v.example)}
                    </>
                  )}
                  {kind === 'upgrade_base_product' &&
                    listField('basePartNumbers', v.basePartNumbers, rule.basePartNumbers, (items) => setField(i, 'basePartNumbers', items), at('basePartNumbers'))}
                  {kind === 'end_user_fields' && (
                    <CheckboxGroup
                      legend={v.fields}
                      name="fields"
                      options={END_USER_FIELDS.map((f) => ({ value: f, label: v.endUserFields[f] ?? f }))}
                      values={Array.isArray(rule.fields) ? (rule.fields as string[]) : []}
                      onValues={(values) => setField(i, 'fields', END_USER_FIELDS.filter((f) => values.includes(f)))}
                      error={at('fields')}
                    />
                  )}
                </div>
                <details class="policy-rule__scope" open={Object.keys(selector).length > 0 || undefined}>
                  <summary>
                    {v.appliesTo}
                    <span class="muted small"> — {Object.keys(selector).length > 0 ? Object.keys(selector).map((k) => ({ partNumbers: v.partNumbers, partNumberPrefixes: v.prefixes, segments: v.segments, licenseTypes: v.licenseTypes })[k] ?? k).join(', ').toLowerCase() : v.appliesToHint.toLowerCase()}</span>
                  </summary>
                  <div class="form-grid">
                    {listField('partNumbers', v.partNumbers, selector.partNumbers, (items) => setSelector(i, 'partNumbers', items), at('appliesTo.partNumbers'))}
                    {listField('partNumberPrefixes', v.prefixes, selector.partNumberPrefixes, (items) => setSelector(i, 'partNumberPrefixes', items), at('appliesTo.partNumberPrefixes'))}
                    <CheckboxGroup
                      legend={v.segments}
                      name="segments"
                      options={SEGMENTS.map((s) => ({ value: s, label: v.segmentNames[s] ?? s }))}
                      values={Array.isArray(selector.segments) ? (selector.segments as string[]) : []}
                      onValues={(values) => setSelector(i, 'segments', SEGMENTS.filter((s) => values.includes(s)))}
                      error={at('appliesTo.segments')}
                    />
                    <CheckboxGroup
                      legend={v.licenseTypes}
                      name="licenseTypes"
                      options={LICENSE_TYPES.map((l) => ({ value: l, label: v.licenseTypeNames[l] ?? l }))}
                      values={Array.isArray(selector.licenseTypes) ? (selector.licenseTypes as string[]) : []}
                      onValues={(values) => setSelector(i, 'licenseTypes', LICENSE_TYPES.filter((l) => values.includes(l)))}
                      error={at('appliesTo.licenseTypes')}
                    />
                  </div>
                </details>
                {textField('note', v.note, v.noteHint, true)}
              </fieldset>
            </li>
          );
        })}
      </ol>
      <div class="button-row">
        <button type="button" onClick={addRule}>
          {v.addRule}
        </button>
      </div>
      <details class="policy-json">
        <summary>{v.json}</summary>
        <Field label={v.json} hint={v.jsonHint} multiline value={json?.text ?? JSON.stringify(doc, null, 2)} onValue={editJson} error={json?.error ?? undefined} spellcheck={false} />
      </details>
      <div class="policy-editor__status" role="status">
        {issues.length > 0 ? <p class="field-error">{v.issues(issues.length)}</p> : dirty ? <p class="hint">{v.unsaved}</p> : null}
      </div>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? v.saving : v.savePolicy}
        </button>
        <button type="button" disabled={!dirty || busy} onClick={() => change(saved, true)}>
          {v.resetPolicy}
        </button>
      </div>
    </form>
    <PolicyPreview code={vendor.code} doc={doc} valid={parsed.ok} />
    </>
  );
}

const FINDING_FIELDS: Record<string, string> = {
  'line.partNumber': v.partNumber,
  'line.quantity': v.quantity,
  'line.previousLicenseNumber': v.previousLicenseNumber,
  'line.basePartNumber': v.basePartNumber,
  'endUser.name': `${v.endUser}: ${v.endUserFields.name}`,
  'endUser.inn': `${v.endUser}: ${v.endUserFields.inn}`,
  'endUser.region': `${v.endUser}: ${v.endUserFields.region}`,
  'endUser.email': `${v.endUser}: ${v.endUserFields.email}`,
};

/** «Проверить на примере»: a cart line checked against the policy in the form, saved or not. */
function PolicyPreview({ code, doc, valid }: { code: string; doc: Doc; valid: boolean }) {
  // A real PartNumber of the vendor to start from, until staff type their own; and the approved dealers to try as.
  const sample = useResource(() => api<ProductPage>('GET', `/api/catalog/products?vendor=${encodeURIComponent(code)}&pageSize=1`).then((p) => p.items[0]?.partNumber ?? ''), [code]);
  const dealers = useResource(() => api<DealerPage>('GET', '/api/staff/dealers?status=approved&pageSize=200').then((p) => p.items), [code]).data ?? [];
  const [typed, setPartNumber] = useState<string | null>(null);
  const partNumber = typed ?? sample.data ?? '';
  const [quantity, setQuantity] = useState('1');
  const [licenseType, setLicenseType] = useState<'new' | 'renewal' | 'upgrade'>('new');
  const [previousLicenseNumber, setPrevious] = useState('');
  const [basePartNumber, setBase] = useState('');
  const [endUser, setEndUser] = useState<Record<string, string>>({ name: '', inn: '', region: '', email: '' });
  const [dealerId, setDealerId] = useState('');
  const [segments, setSegments] = useState<string[]>([]);
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A result belongs to the policy and line it was computed for.
  useEffect(() => setAnswer(null), [JSON.stringify(doc)]);

  async function check(e: Event) {
    e.preventDefault();
    setError(null);
    setAnswer(null);
    const local = {
      'line.partNumber': partNumber.trim() ? undefined : v.partNumberRequired,
      'line.quantity': /^\d+$/.test(quantity.trim()) && Number(quantity) >= 1 ? undefined : v.quantityRequired,
    };
    setErrors(local);
    if (local['line.partNumber'] || local['line.quantity']) return;
    if (!valid) return setError(v.fixPolicyFirst);
    setBusy(true);
    try {
      const filled = Object.fromEntries(Object.entries(endUser).filter(([, value]) => value.trim() !== ''));
      const result = await previewLicensePolicy(code, {
        policy: doc,
        line: {
          partNumber: partNumber.trim(),
          quantity: Number(quantity),
          licenseType,
          ...(licenseType === 'renewal' && previousLicenseNumber.trim() ? { previousLicenseNumber: previousLicenseNumber.trim() } : {}),
          ...(licenseType === 'upgrade' && basePartNumber.trim() ? { basePartNumber: basePartNumber.trim() } : {}),
        },
        ...(Object.keys(filled).length > 0 ? { endUser: filled } : {}),
        ...(dealerId ? { dealerId } : { dealerSegments: segments as Array<'edu' | 'gov'> }),
      });
      setAnswer(result);
      announce(result.ok ? v.passes : v.dealerSees(result.findings.length));
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length > 0) {
        setErrors(Object.fromEntries(refusal.fields.map((f) => [f.field, f.message])));
        if (!refusal.fields.some((f) => f.field.startsWith('line.'))) setError(refusal.message);
      } else setError(refusal.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="panel policy-preview" onSubmit={check} noValidate aria-labelledby="preview-heading" data-testid="policy-preview">
      <h2 id="preview-heading">{v.previewHeading}</h2>
      <p class="hint">{v.previewHint}</p>
      <div class="form-grid">
        <Field label={v.partNumber} name="previewPartNumber" value={partNumber} onValue={setPartNumber} error={errors['line.partNumber']} autoComplete="off" spellcheck={false} />
        <Field label={v.quantity} name="previewQuantity" value={quantity} onValue={setQuantity} error={errors['line.quantity']} inputMode="numeric" autoComplete="off" />
        <SelectField
          label={v.licenseType}
          value={licenseType}
          onValue={(x) => setLicenseType(x as typeof licenseType)}
          options={LICENSE_TYPES.map((l) => ({ value: l, label: v.licenseTypeNames[l] ?? l }))}
        />
        {licenseType === 'renewal' && <Field label={v.previousLicenseNumber} value={previousLicenseNumber} onValue={setPrevious} autoComplete="off" />}
        {licenseType === 'upgrade' && <Field label={v.basePartNumber} value={basePartNumber} onValue={setBase} autoComplete="off" />}
        <SelectField
          label={v.dealer}
          value={dealerId}
          onValue={setDealerId}
          options={[{ value: '', label: v.sampleDealer }, ...dealers.map((d) => ({ value: d.id, label: d.shortName }))]}
          error={errors.dealerId}
        />
        {!dealerId && (
          <CheckboxGroup legend={v.dealerSegments} options={['edu', 'gov'].map((s) => ({ value: s, label: v.segmentNames[s] ?? s }))} values={segments} onValues={setSegments} />
        )}
      </div>
      <fieldset class="policy-preview__end-user">
        <legend>{v.endUser}</legend>
        <div class="form-grid">
          {(['name', 'inn', 'region', 'email'] as const).map((f) => (
            <Field key={f} label={v.endUserFields[f] ?? f} value={endUser[f] ?? ''} onValue={(x) => setEndUser((prev) => ({ ...prev, [f]: x }))} error={errors[`endUser.${f}`]} autoComplete="off" />
          ))}
        </div>
      </fieldset>
      <div class="button-row">
        <button type="submit" disabled={busy}>
          {busy ? v.checking : v.check}
        </button>
      </div>
      {error && <Alert>{error}</Alert>}
      {answer && (
        <div class="policy-preview__result" data-testid="preview-result" role="status">
          {answer.ok ? (
            <p class="alert alert--notice">{v.passes}</p>
          ) : (
            <>
              <p class="strong">{v.dealerSees(answer.findings.length)}</p>
              <ul class="problems">
                {answer.findings.map((f, k) => (
                  <li key={k} data-field={f.field}>
                    <span class="muted small">{FINDING_FIELDS[f.field] ?? f.field}: </span>
                    {f.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
