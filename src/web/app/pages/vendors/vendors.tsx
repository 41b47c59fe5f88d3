import { useEffect, useState } from 'preact/hooks';
import { Alert, Field, SelectField } from '../../components/field';
import { TableHead } from '../../components/page';
import { t } from '../../locale-ru';
import { href, replaceParams, type Route } from '../../router';
import { useResource } from '../../use-resource';
import { ADAPTER_KINDS, listVendors, type VendorListItem } from '../../vendors-api';

const v = t.vendors;

/** What a vendor's policy amounts to, in a few words. */
function policyText(policy: VendorListItem['policy']): string {
  if (!policy.valid) return v.policyBroken;
  if (!policy.ruleCount) return v.noRules;
  return `${v.rules(policy.ruleCount)}: ${policy.ruleKinds.map((k) => (v.ruleKinds[k] ?? k).toLowerCase()).join(', ')}`;
}

/** Every vendor with its adapter and policy at a glance; search by code or name as staff type. */
export function VendorsPage({ route }: { route: Route }) {
  const [q, setQ] = useState(route.params.get('q') ?? '');
  const [kind, setKind] = useState(route.params.get('kind') ?? '');
  // A short pause while typing: one request per word, not per key.
  const vendors = useResource(() => listVendors({ q, kind }).then((answer) => answer.items), [q, kind], { delayMs: 200 });
  const { data: items, stale } = vendors;
  useEffect(() => replaceParams('/staff/vendors', { q, kind }), [q, kind]);

  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {v.heading}
      </h1>
      <div class="filters" role="search">
        <Field class="field--search" label={v.search} value={q} onValue={setQ} type="search" autoComplete="off" spellcheck={false} />
        <SelectField label={v.kind} value={kind} onValue={setKind} options={[{ value: '', label: v.anyKind }, ...ADAPTER_KINDS.map((k) => ({ value: k, label: v.kinds[k] ?? k }))]} />
      </div>
      {vendors.error && <Alert>{vendors.error.message}</Alert>}
      {items && (
        <p class="muted small" role="status">
          {v.found(items.length)}
        </p>
      )}
      {items && items.length === 0 && <p class="empty">{v.empty}</p>}
      {items && items.length > 0 && (
        <div class={`table-scroll${stale ? ' is-stale' : ''}`}>
          <table class="vendor-list">
            <TableHead columns={[v.code, v.name, v.adapter, v.policy, { label: v.products, class: 'num' }]} />
            <tbody>
              {items.map((vendor) => (
                <tr key={vendor.code} data-testid="vendor-row" data-code={vendor.code}>
                  <td class="pn">
                    <a href={href(`/staff/vendors/${encodeURIComponent(vendor.code)}`)} aria-label={v.open(vendor.name)}>
                      {vendor.code}
                    </a>
                  </td>
                  <td>{vendor.name}</td>
                  <td>
                    <span class="badge badge--muted">{v.kinds[vendor.adapterKind] ?? vendor.adapterKind}</span>
                    <span class="small muted">
                      {vendor.settings.target && <> {vendor.settings.target}</>}
                      {vendor.settings.slaHours !== null && <> · {v.sla(vendor.settings.slaHours)}</>}
                    </span>
                  </td>
                  <td class={vendor.policy.valid ? 'small' : 'small strong'}>{policyText(vendor.policy)}</td>
                  <td class="num">{vendor.products}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
