/** The server's closed sets of values, read from the same module the services validate against. */

export { ROLES } from '../../../src/domain/actor.ts';
export {
  ACTIVITY_TYPES,
  CUSTOMER_KINDS,
  CUSTOMER_STATUSES,
  DEAL_STATUSES,
  ISSUE_CATEGORIES,
  ISSUE_STATUSES,
  LEAD_SOURCES,
  LEAD_STATUSES,
  ORDER_STATUSES,
  PAYMENT_DIRECTIONS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  PRIORITIES,
} from '../../../src/domain/vocabulary.ts';
