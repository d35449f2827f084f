import type { Migration } from 'kysely';
import * as core from './0001_core.ts';
import * as leadSourceLabel from './0002_lead_source_label.ts';
import * as issueAndActivityKeys from './0003_issue_and_activity_keys.ts';
import * as assistant from './0004_assistant.ts';
import * as telegram from './0005_telegram.ts';
import * as openPipelineIndex from './0006_open_pipeline_index.ts';
import * as closedDealsIndex from './0007_closed_deals_index.ts';
import * as openPipelineTotals from './0008_open_pipeline_totals.ts';
import * as emailPrefixIndex from './0009_email_prefix_index.ts';
import * as inboxQueueIndex from './0010_inbox_queue_index.ts';
import * as inboxFinishedIndex from './0011_inbox_finished_index.ts';
import * as emailSearchCovering from './0012_email_search_covering.ts';
import * as signInThrottles from './0013_sign_in_throttles.ts';
import * as notificationOutbox from './0014_notification_outbox.ts';
import * as assistantUsage from './0015_assistant_usage.ts';
import * as searchIndex from './0016_search_index.ts';
import * as emailTokens from './0017_email_tokens.ts';
import * as emailNotifications from './0018_email_notifications.ts';

/** Every migration, in order. Names are permanent: they are recorded in the database. */
export const migrations: Record<string, Migration> = {
  '0001_core': core,
  '0002_lead_source_label': leadSourceLabel,
  '0003_issue_and_activity_keys': issueAndActivityKeys,
  '0004_assistant': assistant,
  '0005_telegram': telegram,
  '0006_open_pipeline_index': openPipelineIndex,
  '0007_closed_deals_index': closedDealsIndex,
  '0008_open_pipeline_totals': openPipelineTotals,
  '0009_email_prefix_index': emailPrefixIndex,
  '0010_inbox_queue_index': inboxQueueIndex,
  '0011_inbox_finished_index': inboxFinishedIndex,
  '0012_email_search_covering': emailSearchCovering,
  '0013_sign_in_throttles': signInThrottles,
  '0014_notification_outbox': notificationOutbox,
  '0015_assistant_usage': assistantUsage,
  '0016_search_index': searchIndex,
  '0017_email_tokens': emailTokens,
  '0018_email_notifications': emailNotifications,
};
