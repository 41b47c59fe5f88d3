import { ru } from '../../locale/ru';

/**
 * The texts of the requisite checks. They live with the server's other Russian strings; the
 * checks take them as a parameter so that the browser can pass the same or its own.
 */
export type RequisiteMessages = typeof ru.requisites;
export const defaultRequisiteMessages: RequisiteMessages = ru.requisites;
export type { KindBasis } from '../../locale/ru';
