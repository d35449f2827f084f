import { z } from 'zod';
import { ISSUE_CATEGORIES, ISSUE_STATUSES, PRIORITIES } from '../domain/vocabulary.ts';
import { pageOf, recordId, ref, stamped, timestamp } from './common.ts';

export const issueComment = z
  .object({
    id: recordId,
    issueId: recordId,
    authorId: ref.describe('User id of the author; null once their account is deleted'),
    authorName: z.string().nullable(),
    body: z.string(),
    internal: z.boolean().describe('A note between staff: customers never see it'),
    createdAt: timestamp,
  })
  .meta({ id: 'IssueComment' });

export const issueCommentPage = pageOf(issueComment).meta({ id: 'IssueCommentPage' });

export const issue = z
  .object({
    ...stamped,
    number: z.string().describe('ISS-YYYY-NNNN, numbered per organization and year'),
    title: z.string(),
    description: z.string().nullable(),
    priority: z.enum(PRIORITIES),
    category: z.enum(ISSUE_CATEGORIES),
    status: z.enum(ISSUE_STATUSES),
    customerId: ref,
    customerName: z.string().nullable(),
    raisedBy: ref.describe('User id of who raised it: a member, or the customer through the portal'),
    assignedTo: ref.describe('User id of the member responsible'),
    resolution: z.string().nullable().describe('How it was resolved; kept while resolved or closed'),
    resolvedAt: timestamp.nullable(),
    closedAt: timestamp.nullable(),
  })
  .meta({ id: 'Issue' });

/** An issue as reading, creating or changing one answers: with its latest comments. */
export const issueDetail = issue
  .extend({
    commentCount: z.number().int().describe('How many comments the caller may read, in all'),
    comments: z
      .array(issueComment)
      .describe('The latest comments the caller may read, oldest first; all of them from the comments list'),
  })
  .meta({ id: 'IssueDetail' });

export const issuePage = pageOf(issue).meta({ id: 'IssuePage' });

export type Issue = z.infer<typeof issue>;
export type IssueDetail = z.infer<typeof issueDetail>;
export type IssueComment = z.infer<typeof issueComment>;
