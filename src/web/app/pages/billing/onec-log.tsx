import { useEffect, useState } from 'preact/hooks';
import { api, type OnecLogEntry, errorText } from '../../api';
import { Alert } from '../../components/field';
import { dateTime } from '../../format';
import { t } from '../../locale-ru';

/** The last exchanges with 1C, newest first, with what was refused and why. */
export function OnecLogPage() {
  const [items, setItems] = useState<OnecLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ items: OnecLogEntry[] }>('GET', '/api/staff/1c-log').then(
      (r) => setItems(r.items),
      (err) => setError(errorText(err)),
    );
  }, []);
  return (
    <section aria-labelledby="page-heading">
      <h1 id="page-heading" tabIndex={-1}>
        {t.staff.onecHeading}
      </h1>
      {error && <Alert>{error}</Alert>}
      {items && items.length === 0 && <p class="empty">{t.staff.onecEmpty}</p>}
      {items && items.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.staff.onecTime}</th>
                <th scope="col">{t.staff.onecDirection}</th>
                <th scope="col">{t.staff.onecEndpoint}</th>
                <th scope="col">{t.staff.onecClient}</th>
                <th scope="col" class="num">
                  {t.staff.onecStatus}
                </th>
                <th scope="col">{t.staff.onecError}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id} class={e.statusCode >= 400 ? 'is-bad' : ''}>
                  <td>{dateTime(e.createdAt)}</td>
                  <td>{e.direction}</td>
                  <td class="pn">{e.endpoint}</td>
                  <td>{e.clientId ?? t.none}</td>
                  <td class="num">{e.statusCode}</td>
                  <td>
                    {e.error ?? ''}
                    {e.requestBody && (
                      <details>
                        <summary>{t.staff.onecBody}</summary>
                        <pre>{e.requestBody}</pre>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
