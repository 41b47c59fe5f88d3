import { useEffect, useRef, useState } from 'preact/hooks';
import { api, asApiError, query, showRefusal, type DealerPage, type FieldError, errorText } from '../../api';
import { announce } from '../../components/announcer';
import { Alert, Field, SelectField } from '../../components/field';
import { DataTable } from '../../components/page';
import { t } from '../../locale-ru';
import { useResource } from '../../use-resource';
import {
  basisPointsToPercent,
  createDealerGroup,
  createPriceRule,
  deletePriceRule,
  listPriceRules,
  percentToBasisPoints,
  renameDealerGroup,
  updatePriceRule,
  type PriceRule,
  type PricingGroup,
} from '../../pricing-api';

const p = t.pricing;
type DealerOption = { id: string; shortName: string; inn: string };

/** Dealer groups and the discount rules that give dealers their prices. */
export function PriceRulesPage() {
  const loaded = useResource(listPriceRules);
  const approved = useResource(() => api<DealerPage>('GET', `/api/staff/dealers${query({ status: 'approved', pageSize: 200 })}`));
  const rules = loaded.data?.items ?? null;
  const groups = loaded.data?.groups ?? [];
  const dealers: DealerOption[] = approved.data?.items ?? [];
  /** A rule's deletion that was refused. */
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** The rule in the form: a rule's id, "new", or none. */
  const [editing, setEditing] = useState<number | 'new' | null>(null);

  const shownError = error ?? loaded.error?.message ?? approved.error?.message;

  /** After a change the form closes; the focus goes to the heading of the list changed, not to the page's start. */
  function finished(message: string, headingId = 'rules-heading') {
    setDone(message);
    announce(message);
    setEditing(null);
    void loaded.reload().then(() => document.getElementById(headingId)?.focus());
  }

  const editedRule = typeof editing === 'number' ? rules?.find((r) => r.id === editing) : undefined;
  return (
    <section class="pricing-page" aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {p.rulesHeading}
      </h1>
      {shownError && <Alert>{shownError}</Alert>}
      <Groups groups={groups} onChanged={(message) => finished(message, 'groups-heading')} />

      <section class="panel" aria-labelledby="rules-heading">
        <div class="panel__head">
          <h2 id="rules-heading" tabIndex={-1}>
            {p.rulesListHeading}
          </h2>
          {editing === null && (
            <button type="button" onClick={() => setEditing('new')}>
              {p.addRule}
            </button>
          )}
        </div>
        <p class="hint">{p.rulesHint}</p>
        {done && <Alert kind="notice">{done}</Alert>}
        {editing !== null && (
          <RuleForm
            key={String(editing)}
            rule={editedRule}
            groups={groups}
            dealers={dealers}
            onSaved={(saved, created) => finished(created ? p.ruleCreated(saved.id) : p.ruleSaved(saved.id))}
            onCancel={() => setEditing(null)}
          />
        )}
        {rules && <RulesTable rules={rules} onEdit={(id) => setEditing(id)} onDeleted={(id) => finished(p.ruleDeleted(id))} onError={setError} />}
      </section>
    </section>
  );
}

function owner(rule: PriceRule): string {
  if (rule.dealer) return p.forDealer(rule.dealer.shortName);
  if (rule.dealerGroup) return p.forGroup(rule.dealerGroup.name);
  return p.forEveryone;
}

function RulesTable({ rules, onEdit, onDeleted, onError }: { rules: PriceRule[]; onEdit: (id: number) => void; onDeleted: (id: number) => void; onError: (message: string) => void }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  async function remove(id: number) {
    try {
      await deletePriceRule(id);
      setConfirming(null);
      onDeleted(id);
    } catch (err) {
      onError(errorText(err));
    }
  }
  return (
    <DataTable
      rows={rules}
      empty={p.rulesEmpty}
      testId="price-rules"
      class="price-rules"
      columns={['№', p.ruleFor, p.vendor, p.rulePartNumber, { label: p.fromQuantity, class: 'num' }, { label: p.discountColumn, class: 'num' }, { label: p.actions, hidden: true }]}
    >
      {(r) => (
        <tr key={r.id} data-rule-id={r.id}>
          <td class="num">{r.id}</td>
          <td>{owner(r)}</td>
          <td>
            {r.vendor ? (
              <>
                <span class="pn">{r.vendor.code}</span> {r.vendor.name !== r.vendor.code && <span class="muted small">{r.vendor.name}</span>}
              </>
            ) : (
              <span class="muted">{p.allVendors}</span>
                )}
              </td>
              <td>
                {r.product ? (
                  <>
                    <span class="pn">{r.product.partNumber}</span>
                    <br />
                    <span class="muted small">{r.product.name}</span>
                  </>
                ) : (
                  <span class="muted">{p.allProducts}</span>
                )}
              </td>
              <td class="num">{r.minQuantity}</td>
              <td class="num strong">{basisPointsToPercent(r.discountBasisPoints)} %</td>
              <td class="row-actions">
                {confirming === r.id ? (
                  <ConfirmDelete id={r.id} onConfirm={() => remove(r.id)} onCancel={() => setConfirming(null)} />
                ) : (
                  <>
                    <button type="button" class="link-button" aria-label={p.editRule(r.id)} onClick={() => onEdit(r.id)}>
                      {p.edit}
                    </button>
                    <button type="button" class="link-button link-button--danger" aria-label={p.deleteRule(r.id)} onClick={() => setConfirming(r.id)}>
                      {p.delete}
                    </button>
                  </>
                )}
              </td>
            </tr>
      )}
    </DataTable>
  );
}

/** "Delete rule N?" in the row itself; the confirming button takes the focus, so the keyboard goes on from there. */
function ConfirmDelete({ id, onConfirm, onCancel }: { id: number; onConfirm: () => void; onCancel: () => void }) {
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <span class="confirm" role="group" aria-label={p.confirmDelete(id)}>
      <span>{p.confirmDelete(id)}</span>
      <button type="button" class="danger" ref={yes} onClick={onConfirm}>
        {p.confirmDeleteYes}
      </button>
      <button type="button" onClick={onCancel}>
        {p.cancel}
      </button>
    </span>
  );
}

type RuleField = 'owner' | 'vendorCode' | 'partNumber' | 'minQuantity' | 'discount';
const FIELD_OF: Record<string, RuleField> = {
  dealerGroupId: 'owner',
  dealerId: 'owner',
  vendorCode: 'vendorCode',
  partNumber: 'partNumber',
  minQuantity: 'minQuantity',
  discountBasisPoints: 'discount',
};
function ruleErrors(fields: FieldError[]): Partial<Record<RuleField, string>> {
  const out: Partial<Record<RuleField, string>> = {};
  for (const f of fields) {
    const field = FIELD_OF[f.field];
    if (field) out[field] = out[field] ? `${out[field]}\n${f.message}` : f.message;
  }
  return out;
}

function RuleForm({ rule, groups, dealers, onSaved, onCancel }: {
  rule: PriceRule | undefined;
  groups: PricingGroup[];
  dealers: DealerOption[];
  onSaved: (rule: PriceRule, created: boolean) => void;
  onCancel: () => void;
}) {
  const [ownerKind, setOwnerKind] = useState<'group' | 'dealer'>(rule?.dealer ? 'dealer' : 'group');
  const [groupId, setGroupId] = useState(rule?.dealerGroup ? String(rule.dealerGroup.id) : '');
  const [dealerId, setDealerId] = useState(rule?.dealer?.id ?? '');
  const [vendorCode, setVendorCode] = useState(rule?.vendor?.code ?? '');
  const [partNumber, setPartNumber] = useState(rule?.product?.partNumber ?? '');
  const [minQuantity, setMinQuantity] = useState(String(rule?.minQuantity ?? 1));
  const [discount, setDiscount] = useState(rule ? basisPointsToPercent(rule.discountBasisPoints) : '');
  const [errors, setErrors] = useState<Partial<Record<RuleField, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = rule ? p.editRuleHeading(rule.id) : p.newRuleHeading;

  useEffect(() => document.getElementById('rule-form-heading')?.focus(), []);
  /** A field's error goes once the field is changed. */
  const edit = (field: RuleField, setter: (value: string) => void) => (value: string) => {
    setter(value);
    setErrors((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));
  };

  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    const discountBasisPoints = percentToBasisPoints(discount);
    const quantity = /^\d{1,7}$/.test(minQuantity.trim()) ? Number(minQuantity.trim()) : undefined;
    const local: Partial<Record<RuleField, string>> = {
      owner: (ownerKind === 'group' ? groupId : dealerId) ? undefined : p.ownerRequired,
      minQuantity: quantity !== undefined && quantity >= 1 ? undefined : p.minQuantityInvalid,
      discount: discountBasisPoints !== undefined && discountBasisPoints <= 9999 ? undefined : p.discountInvalid,
    };
    setErrors(local);
    if (Object.values(local).some(Boolean)) return;
    const input = {
      dealerGroupId: ownerKind === 'group' ? Number(groupId) : null,
      dealerId: ownerKind === 'dealer' ? dealerId : null,
      vendorCode: vendorCode.trim() || null,
      partNumber: partNumber.trim() || null,
      minQuantity: quantity!,
      discountBasisPoints: discountBasisPoints!,
    };
    setBusy(true);
    try {
      const saved = rule ? await updatePriceRule(rule.id, input) : await createPriceRule(input);
      onSaved(saved, !rule);
    } catch (err) {
      const byField = ruleErrors(asApiError(err).fields);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="rule-form" onSubmit={save} noValidate aria-labelledby="rule-form-heading" data-testid="rule-form">
      <h3 id="rule-form-heading" tabIndex={-1}>
        {heading}
      </h3>
      <div class="form-grid">
        <fieldset class="field checkboxes">
          <legend>{p.ownerKind}</legend>
          {(['group', 'dealer'] as const).map((kind) => (
            <label class="checkbox" key={kind}>
              <input type="radio" name="ownerKind" value={kind} checked={ownerKind === kind} onChange={() => {
                  setOwnerKind(kind);
                  setErrors((prev) => ({ ...prev, owner: undefined }));
                }}
              />
              {kind === 'group' ? p.toGroup : p.toDealer}
            </label>
          ))}
        </fieldset>
        {ownerKind === 'group' ? (
          <SelectField
            label={p.ownerGroup}
            name="dealerGroupId"
            value={groupId}
            onValue={edit('owner', setGroupId)}
            options={[{ value: '', label: p.chooseGroup }, ...groups.map((g) => ({ value: String(g.id), label: `${g.name} (${g.code})` }))]}
            error={errors.owner}
          />
        ) : (
          <SelectField
            label={p.ownerDealer}
            name="dealerId"
            value={dealerId}
            onValue={edit('owner', setDealerId)}
            options={[{ value: '', label: p.chooseDealer }, ...dealers.map((d) => ({ value: d.id, label: `${d.shortName} (ИНН ${d.inn})` }))]}
            error={errors.owner}
          />
        )}
        <Field label={p.vendorCode} hint={p.vendorCodeHint} name="vendorCode" value={vendorCode} onValue={edit('vendorCode', setVendorCode)} error={errors.vendorCode} autoComplete="off" spellcheck={false} />
        <Field label={p.rulePartNumber} hint={p.rulePartNumberHint} name="partNumber" value={partNumber} onValue={edit('partNumber', setPartNumber)} error={errors.partNumber} autoComplete="off" spellcheck={false} />
        <Field label={p.minQuantity} name="minQuantity" value={minQuantity} onValue={edit('minQuantity', setMinQuantity)} error={errors.minQuantity} inputMode="numeric" autoComplete="off" />
        <Field label={p.discount} hint={p.discountHint} name="discount" value={discount} onValue={edit('discount', setDiscount)} error={errors.discount} inputMode="decimal" autoComplete="off" />
      </div>
      {error && <Alert>{error}</Alert>}
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>
          {rule ? p.saveRule : p.createRule}
        </button>
        <button type="button" onClick={onCancel}>
          {p.cancel}
        </button>
      </div>
    </form>
  );
}

function Groups({ groups, onChanged }: { groups: PricingGroup[]; onChanged: (message: string) => void }) {
  const [renaming, setRenaming] = useState<number | null>(null);
  return (
    <section class="panel" aria-labelledby="groups-heading">
      <h2 id="groups-heading" tabIndex={-1}>
        {p.groupsHeading}
      </h2>
      <DataTable
        rows={groups}
        empty={p.groupsEmpty}
        testId="dealer-groups"
        columns={[p.groupCode, p.groupName, { label: p.groupDealers, class: 'num' }, { label: p.groupRules, class: 'num' }, { label: p.actions, hidden: true }]}
      >
        {(g) => (
          <tr key={g.id}>
            <td class="pn">{g.code}</td>
            <td>
              {renaming === g.id ? (
                <RenameGroup
                  group={g}
                  onDone={(name) => {
                    setRenaming(null);
                    onChanged(p.groupRenamed(name));
                  }}
                  onCancel={() => setRenaming(null)}
                />
              ) : (
                g.name
                  )}
                </td>
                <td class="num">{g.dealers}</td>
                <td class="num">{g.rules}</td>
                <td class="row-actions">
                  {renaming !== g.id && (
                    <button type="button" class="link-button" aria-label={p.renameGroup(g.code)} onClick={() => setRenaming(g.id)}>
                      {p.rename}
                    </button>
                  )}
                </td>
              </tr>
        )}
      </DataTable>
      <NewGroup onCreated={(name) => onChanged(p.groupCreated(name))} />
    </section>
  );
}

function RenameGroup({ group, onDone, onCancel }: { group: PricingGroup; onDone: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(group.name);
  const [error, setError] = useState<string | undefined>(undefined);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector('input')?.focus(), []);
  async function save(e: Event) {
    e.preventDefault();
    if (!name.trim()) return setError(p.groupNameRequired);
    try {
      const renamed = await renameDealerGroup(group.id, name.trim());
      onDone(renamed.name);
    } catch (err) {
      showRefusal(err, 'name', setError, setError);
    }
  }
  return (
    <form class="inline-form" ref={form} onSubmit={save} noValidate>
      <Field label={p.newGroupName(group.code)} value={name} onValue={(v) => (setName(v), setError(undefined))} error={error} autoComplete="off" />
      <button type="submit" class="primary">
        {p.save}
      </button>
      <button type="button" onClick={onCancel}>
        {p.cancel}
      </button>
    </form>
  );
}

function NewGroup({ onCreated }: { onCreated: (name: string) => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<{ code?: string | undefined; name?: string | undefined }>({});
  const [error, setError] = useState<string | null>(null);
  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    const local = { code: code.trim() ? undefined : p.groupCodeRequired, name: name.trim() ? undefined : p.groupNameRequired };
    setErrors(local);
    if (local.code || local.name) return;
    try {
      const group = await createDealerGroup(code.trim(), name.trim());
      setCode('');
      setName('');
      onCreated(group.name);
    } catch (err) {
      const refusal = asApiError(err);
      if (refusal.fields.length) setErrors({ code: refusal.field('code'), name: refusal.field('name') });
      else setError(refusal.message);
    }
  }
  return (
    <form class="inline-form new-group" onSubmit={create} noValidate aria-labelledby="new-group-heading">
      <h3 id="new-group-heading">{p.newGroupHeading}</h3>
      <Field label={p.groupCode} hint={p.groupCodeHint} name="code" value={code} onValue={(v) => (setCode(v), setErrors((x) => ({ ...x, code: undefined })))} error={errors.code} autoComplete="off" spellcheck={false} />
      <Field label={p.groupName} name="name" value={name} onValue={(v) => (setName(v), setErrors((x) => ({ ...x, name: undefined })))} error={errors.name} autoComplete="off" />
      <button type="submit">{p.createGroup}</button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
