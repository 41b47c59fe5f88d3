/**
 * Dealer onboarding rules: what a dealer may ask to be authorised for, and how long staff have to
 * decide on a registration before they are reminded. Pure, shared by the API and the activities.
 */
import { CalendarYearMissingError, type BankingCalendar } from '../banking-calendar';
import { moscowDateOf, moscowDayEnd } from '../moscow-time';

export const DEALER_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type DealerStatus = (typeof DEALER_STATUSES)[number];

/** Segments a dealer needs the distributor's authorisation for; commercial sales need none. */
export const AUTHORISED_SEGMENTS = ['edu', 'gov'] as const;
export type AuthorisedSegment = (typeof AUTHORISED_SEGMENTS)[number];

/** Banking days staff have to decide on a registration before the task is escalated. */
export const APPROVAL_BANKING_DAYS = 2;

/**
 * When staff are reminded of an undecided registration: at the end (Moscow midnight) of the second
 * banking day after the day it arrived. An application sent on Friday evening is due by the end
 * of Tuesday; one sent before the New Year holidays waits until two working days after them.
 * Where the production calendar refuses the year (one before its first file), 48 hours stand in: a reminder a little
 * early or late is better than none.
 */
export function approvalReminderAt(receivedAt: Date, calendar: BankingCalendar): Date {
  try {
    return moscowDayEnd(calendar.addBankingDays(moscowDateOf(receivedAt), APPROVAL_BANKING_DAYS));
  } catch (error) {
    if (!(error instanceof CalendarYearMissingError)) throw error;
    return new Date(receivedAt.getTime() + 48 * 60 * 60 * 1000);
  }
}

/**
 * Segment names as people type them ("EDU", " gov "), each once and in lower case; anything else
 * is reported by its position in the list.
 */
export function parseSegments(values: readonly string[]): { segments: AuthorisedSegment[]; unknown: Array<{ index: number; value: string }> } {
  const segments: AuthorisedSegment[] = [];
  const unknown: Array<{ index: number; value: string }> = [];
  values.forEach((value, index) => {
    const segment = AUTHORISED_SEGMENTS.find((s) => s === value.trim().toLowerCase());
    if (!segment) unknown.push({ index, value });
    else if (!segments.includes(segment)) segments.push(segment);
  });
  return { segments, unknown };
}
