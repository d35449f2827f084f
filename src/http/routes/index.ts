import type { FastifyInstance } from 'fastify';
import { activityRoutes } from './activities.ts';
import { analyticsRoutes } from './analytics.ts';
import { assistantRoutes } from './assistant.ts';
import { auditRoutes } from './audit.ts';
import { authRoutes } from './auth.ts';
import { customerRoutes } from './customers.ts';
import { dealRoutes } from './deals.ts';
import { importRoutes } from './imports.ts';
import { issueRoutes } from './issues.ts';
import { leadRoutes } from './leads.ts';
import { memberRoutes } from './members.ts';
import { orderRoutes } from './orders.ts';
import { paymentRoutes } from './payments.ts';
import { pipelineRoutes } from './pipelines.ts';
import { preferenceRoutes } from './preferences.ts';
import { searchRoutes } from './search.ts';
import { telegramRoutes } from './telegram.ts';

/** Every /api/v1 route module. */
export async function apiRoutes(app: FastifyInstance) {
  await app.register(customerRoutes);
  await app.register(importRoutes);
  await app.register(pipelineRoutes);
  await app.register(dealRoutes);
  await app.register(leadRoutes);
  await app.register(issueRoutes);
  await app.register(activityRoutes);
  await app.register(orderRoutes);
  await app.register(paymentRoutes);
  await app.register(searchRoutes);
  await app.register(analyticsRoutes);
  await app.register(auditRoutes);
  await app.register(authRoutes);
  await app.register(preferenceRoutes);
  await app.register(memberRoutes);
  await app.register(assistantRoutes);
  await app.register(telegramRoutes);
}
