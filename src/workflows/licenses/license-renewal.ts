import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { licenseLapsesAt, RENEWAL_REMINDER_DAYS, renewalReminderAt, type ReminderDays } from '../../domain/license-term';
import { licenseRenewedSignal, type LicenseRenewalInput, type LicenseRenewalResult } from './license-renewal.contract';

// Letters retry for hours through a mail relay that is down; they are weeks ahead of the deadline.
const { mailRenewalReminder, mailLicenseLapsed } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});
const { markLicenseLapsed } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/**
 * A delivered licence's term, start to end: sleep until 30 days before its last day and remind the
 * dealer, again 7 days before, then at the end mark it lapsed and say so, unless a renewal order
 * shipped for it first (the `licenseRenewed` signal), which ends the process quietly.
 */
export async function licenseRenewal(input: LicenseRenewalInput): Promise<LicenseRenewalResult> {
  let renewed = false;
  setHandler(licenseRenewedSignal, () => {
    renewed = true;
  });
  const reminded: ReminderDays[] = [];
  /** Waits until `at` unless the licence is renewed first; true when it was. */
  const renewedBefore = async (at: Date): Promise<boolean> => {
    const wait = at.getTime() - Date.now();
    if (wait > 0) await condition(() => renewed, wait);
    return renewed;
  };

  // A licence recorded inside a reminder's window (a short term) skips it: "30 days left" would be untrue.
  const startedAt = Date.now();
  const milestones = RENEWAL_REMINDER_DAYS.map((days) => ({ days, at: renewalReminderAt(input.endsOn, days) })).filter(({ at }) => at.getTime() > startedAt);
  const lapsesAt = licenseLapsesAt(input.endsOn);
  for (const { days, at } of milestones) {
    if (await renewedBefore(at)) return { outcome: 'renewed', reminded };
    await mailRenewalReminder({ licenseId: input.licenseId, daysBefore: days });
    reminded.push(days);
  }
  if (await renewedBefore(lapsesAt)) return { outcome: 'renewed', reminded };
  // The books decide: a renewal recorded whose signal has not arrived yet keeps the licence renewed.
  const { lapsed } = await markLicenseLapsed({ licenseId: input.licenseId });
  if (!lapsed) return { outcome: 'renewed', reminded };
  await mailLicenseLapsed({ licenseId: input.licenseId });
  return { outcome: 'lapsed', reminded };
}
