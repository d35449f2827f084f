import { SimpleGrid, Stack, Text } from '@mantine/core';
import { issues } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { isStaff } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { useMembers } from '../../session/useMembers.ts';
import { DetailGrid } from '../records/DetailGrid.tsx';
import { RecordActions } from '../records/RecordActions.tsx';
import { useRecord } from '../records/useRecord.ts';
import { IssueComments } from './IssueComments.tsx';

export function IssueDetail({ id }: { id: number }) {
  const { role } = useSession();
  const people = useMembers();
  const staff = isStaff(role);
  const { data: issue, error } = useRecord('issues', id, issues.get);
  if (error) return <ErrorAlert error={error} />;
  if (!issue) return null;

  return (
    <Stack>
      <PageHeader
        title={issue.title}
        subtitle={
          <>
            {issue.number} <StatusBadge value={issue.status} /> <StatusBadge value={issue.priority} />
          </>
        }
        actions={
          staff ? (
            <RecordActions area="issues" base="/issues" record={issue} noun="Issue" remove={issues.remove} />
          ) : null
        }
      />
      <DetailGrid
        details={[
          { label: 'Category', value: humanize(issue.category) },
          ...(staff
            ? [
                {
                  label: 'Customer',
                  value: issue.customerId ? (
                    <Link to={`/customers/${issue.customerId}`}>{issue.customerName}</Link>
                  ) : null,
                },
                { label: 'Handled by', value: people.nameOf(issue.assignedTo) },
              ]
            : []),
          { label: 'Raised', value: formatDateTime(issue.createdAt) },
          { label: 'Resolved', value: issue.resolvedAt ? formatDateTime(issue.resolvedAt) : null },
          { label: 'Resolution', value: issue.resolution },
        ]}
      />
      {issue.description ? (
        <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="issue-description">
          {issue.description}
        </Text>
      ) : null}
      <SimpleGrid type="container" cols={{ base: 1, '860px': 2 }}>
        <IssueComments issueId={id} />
      </SimpleGrid>
    </Stack>
  );
}
