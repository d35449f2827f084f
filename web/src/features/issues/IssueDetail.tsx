import { issues } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { LongText, RecordPage, RelatedColumns, recordLink } from '../records/RecordPage.tsx';
import { IssueComments } from './IssueComments.tsx';

/** An issue with its description and comments. */
export function IssueDetail({ id }: { id: number }) {
  const { role } = useSession();
  const people = useMembers();
  const staff = isStaff(role);
  return (
    <RecordPage area="issues" id={id} load={issues.get}>
      {(issue) => (
        <>
          <PageHeader
            title={issue.title}
            subtitle={
              <>
                {issue.number} <StatusBadge value={issue.status} /> <StatusBadge value={issue.priority} />
              </>
            }
            actions={
              staff ? (
                <RecordActions area="issues" record={issue} noun={t('ui.issue')} remove={issues.remove} />
              ) : null
            }
          />
          <DetailGrid
            details={[
              { label: t('ui.category'), value: humanize(issue.category) },
              ...(staff
                ? [
                    {
                      label: t('ui.customer'),
                      value: recordLink('customers', issue.customerId, issue.customerName),
                    },
                    { label: t('ui.handledBy'), value: people.nameOf(issue.assignedTo) },
                  ]
                : []),
              { label: t('ui.raised'), value: formatDateTime(issue.createdAt) },
              { label: t('ui.resolved'), value: issue.resolvedAt ? formatDateTime(issue.resolvedAt) : null },
              { label: t('ui.resolution'), value: issue.resolution },
            ]}
          />
          {issue.description ? <LongText testId="issue-description">{issue.description}</LongText> : null}
          <RelatedColumns>
            <IssueComments issueId={id} />
          </RelatedColumns>
        </>
      )}
    </RecordPage>
  );
}
