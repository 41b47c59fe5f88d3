/**
 * The licence-renewal workflow's contract: one durable process per delivered licence with a term,
 * started when its order ships (by the `recordLicenses` activity), reminding the dealer before the
 * term ends and marking the licence lapsed if nobody renews it.
 */
import { defineSignal } from '@temporalio/workflow';
import type { ReminderDays } from '../../domain/license-term';

export const licenseRenewalWorkflowId = (licenseId: string) => `license-renewal-${licenseId}`;

export interface LicenseRenewalInput {
  licenseId: string;
  /** The last day of the term (Moscow date, YYYY-MM-DD). */
  endsOn: string;
}

export interface LicenseRenewalResult {
  outcome: 'renewed' | 'lapsed';
  /** The reminders sent, by days before the last day. */
  reminded: ReminderDays[];
}

/** A renewal order for this licence shipped: no more reminders, and it will not lapse. */
export const licenseRenewedSignal = defineSignal<[{ orderNumber: string }]>('licenseRenewed');

/** outgoing_mail kinds of the letters (each unique per licence: the reference is the licence id, plus the days for a reminder). */
export const RENEWAL_REMINDER_KIND = 'license_renewal_reminder';
export const LICENSE_LAPSED_KIND = 'license_lapsed';
export const renewalReminderReference = (licenseId: string, daysBefore: ReminderDays) => `${licenseId}/${daysBefore}`;

/**
 * The workflow's type name and signature: the API and activities start it by name through this,
 * never by importing workflow code (which would tie them to the workflow bundle and make cycles).
 */
export const licenseRenewalWorkflowType = 'licenseRenewal';
export type LicenseRenewalWorkflow = (input: LicenseRenewalInput) => Promise<LicenseRenewalResult>;
