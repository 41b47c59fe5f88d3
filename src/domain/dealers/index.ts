export {
  AUTHORISED_SEGMENTS,
  APPROVAL_BANKING_DAYS,
  DEALER_STATUSES,
  approvalReminderAt,
  parseSegments,
  type AuthorisedSegment,
  type DealerStatus,
} from './onboarding';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem, type PasswordProblem } from './password-policy';
