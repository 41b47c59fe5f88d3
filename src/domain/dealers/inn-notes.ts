import type { DealerStatus } from './onboarding';

/**
 * What staff should know about an applicant's INN before deciding (issue 19, point 10): that it is
 * the distributor's own, another dealer's, or the end customer of another dealer's orders. A note,
 * not a refusal: a holding may have dealers under one INN with different KPPs, and a customer may
 * become a dealer; a stranger may also have typed a famous company's INN.
 */
export type InnNote =
  | { kind: 'distributor' }
  | { kind: 'otherDealer'; dealerId: string; shortName: string; kpp: string | null; status: DealerStatus }
  | { kind: 'endUserOfOtherDealer'; dealerId: string; shortName: string; orders: number };
