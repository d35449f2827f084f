import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { pipelines as pipelineApi } from '../../api/endpoints.ts';
import type { Pipeline, PipelineStage } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { InlineForm } from '../../components/InlineForm.tsx';
import { useApiForm } from '../../components/useApiForm.ts';
import { humanize } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import { may } from '../../session/permissions.ts';
import { useSession } from '../../session/SessionProvider.tsx';
import { usePipelines } from '../deals/usePipelines.ts';
import { useAction } from '../records/useAction.ts';
import { useRefresh } from '../records/useRecord.ts';

const OUTCOMES = ['open', 'won', 'lost'].map((o) => ({ value: o, label: humanize(o) }));

/** PipelineStage changes move deals' stages and probabilities, so deals refresh too. */
function useRun() {
  return useAction('pipelines', 'deals').run;
}

/** Save, move up or down and delete, for one stage of a pipeline. */
function StageControls({
  pipeline,
  stage,
  index,
  onSave,
}: {
  pipeline: Pipeline;
  stage: PipelineStage;
  index: number;
  /** Shown as a Save button while the row has unsaved changes. */
  onSave: (() => void) | null;
}) {
  const run = useRun();
  const ids = pipeline.stages.map((s) => s.id);

  function moveBy(offset: number) {
    const next = [...ids];
    const [moved] = next.splice(index, 1);
    next.splice(index + offset, 0, moved!);
    void run(() => pipelineApi.reorderStages(pipeline.id, next), `${stage.name} moved`);
  }

  return (
    <Group gap={4} wrap="nowrap">
      {onSave ? (
        <Button size="xs" onClick={onSave}>
          Save
        </Button>
      ) : null}
      <ActionIcon
        variant="subtle"
        aria-label={`Move ${stage.name} up`}
        disabled={index === 0}
        onClick={() => moveBy(-1)}
      >
        ↑
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        aria-label={`Move ${stage.name} down`}
        disabled={index === ids.length - 1}
        onClick={() => moveBy(1)}
      >
        ↓
      </ActionIcon>
      <ConfirmButton
        size="xs"
        variant="subtle"
        label={t('ui.delete')}
        title={`Delete stage ${stage.name}?`}
        question={t('ui.aStageThatStillHoldsDealsCannotBeDeletedMoveThem')}
        confirmLabel={t('ui.deleteStage')}
        onConfirm={() => run(() => pipelineApi.removeStage(pipeline.id, stage.id), `${stage.name} deleted`)}
      />
    </Group>
  );
}

/** A stage as read by someone who cannot change it. */
function StageSummary({ stage }: { stage: PipelineStage }) {
  return (
    <Table.Tr>
      <Table.Td>{stage.name}</Table.Td>
      <Table.Td>{stage.probability}%</Table.Td>
      <Table.Td>{humanize(stage.outcome)}</Table.Td>
    </Table.Tr>
  );
}

function StageRow({
  pipeline,
  stage,
  index,
  editable,
}: {
  pipeline: Pipeline;
  stage: PipelineStage;
  index: number;
  editable: boolean;
}) {
  const run = useRun();
  const [name, setName] = useState(stage.name);
  const [probability, setProbability] = useState<number | string>(stage.probability);

  const save = () =>
    run(
      () =>
        pipelineApi.updateStage(pipeline.id, stage.id, {
          name: name.trim(),
          probability: Number(probability),
        }),
      `${name} saved`,
    );

  if (!editable) return <StageSummary stage={stage} />;
  const changed = name.trim() !== stage.name || Number(probability) !== stage.probability;
  return (
    <Table.Tr>
      <Table.Td>
        <TextInput
          aria-label={t('ui.pipelinestageName')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          size="xs"
        />
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={t('ui.probability')}
          value={probability}
          onChange={setProbability}
          clampBehavior="none"
          size="xs"
          w={80}
          allowDecimal={false}
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={t('ui.outcome')}
          data={OUTCOMES}
          value={stage.outcome}
          size="xs"
          w={100}
          allowDeselect={false}
          onChange={(outcome) =>
            outcome &&
            outcome !== stage.outcome &&
            void run(() => pipelineApi.updateStage(pipeline.id, stage.id, { outcome }), `${stage.name} saved`)
          }
        />
      </Table.Td>
      <Table.Td>
        <StageControls
          pipeline={pipeline}
          stage={stage}
          index={index}
          onSave={changed ? () => void save() : null}
        />
      </Table.Td>
    </Table.Tr>
  );
}

function AddStageForm({ pipeline }: { pipeline: Pipeline }) {
  const refresh = useRefresh();
  const form = useApiForm({ name: '', probability: 50 as number | string, outcome: 'open' as string | null });
  const submit = form.onSubmit(async (values) => {
    await pipelineApi.addStage(pipeline.id, {
      name: values.name.trim(),
      probability: Number(values.probability),
      outcome: values.outcome,
    });
    form.reset({ name: '', probability: 50, outcome: 'open' });
    await refresh('pipelines');
  });
  return (
    <InlineForm onSubmit={submit} error={form.formError} gap="xs">
      <TextInput label={t('ui.newStage')} size="xs" {...form.text('name')} />
      <NumberInput
        label={t('ui.probability')}
        size="xs"
        w={110}
        clampBehavior="none"
        allowDecimal={false}
        {...form.field('probability')}
      />
      <Select
        label={t('ui.outcome')}
        size="xs"
        w={100}
        data={OUTCOMES}
        allowDeselect={false}
        {...form.field('outcome')}
      />
      <Button type="submit" size="xs" loading={form.submitting}>
        Add stage
      </Button>
    </InlineForm>
  );
}

function PipelineCard({ pipeline, editable }: { pipeline: Pipeline; editable: boolean }) {
  const run = useRun();
  return (
    <Paper withBorder p="md" radius="md" data-testid={`pipeline-${pipeline.name}`}>
      <Group justify="space-between" mb="sm">
        <Group gap="xs">
          <Title order={3} size="h5">
            {pipeline.name}
          </Title>
          {pipeline.isDefault ? <Badge variant="light">Default</Badge> : null}
        </Group>
        {editable ? (
          <Group gap="xs">
            {pipeline.isDefault ? null : (
              <Button
                size="xs"
                variant="light"
                onClick={() =>
                  void run(() => pipelineApi.makeDefault(pipeline.id), `${pipeline.name} is the default`)
                }
              >
                Make default
              </Button>
            )}
            <ConfirmButton
              size="xs"
              label={t('ui.delete')}
              title={`Delete pipeline ${pipeline.name}?`}
              question={t('ui.aPipelineThatStillHoldsDealsCannotBeDeleted')}
              confirmLabel={t('ui.deletePipeline')}
              onConfirm={() => run(() => pipelineApi.remove(pipeline.id), `${pipeline.name} deleted`)}
            />
          </Group>
        ) : null}
      </Group>
      <DataTable minWidth={480} headings={['Stage', 'Probability', 'Outcome', ...(editable ? [''] : [])]}>
        {pipeline.stages.map((stage, index) => (
          <StageRow
            key={`${stage.id}-${stage.name}-${stage.probability}`}
            pipeline={pipeline}
            stage={stage}
            index={index}
            editable={editable}
          />
        ))}
      </DataTable>
      {editable ? <AddStageForm pipeline={pipeline} /> : null}
    </Paper>
  );
}

function NewPipelineForm() {
  const refresh = useRefresh();
  const form = useApiForm({ name: '' });
  const submit = form.onSubmit(async (values) => {
    await pipelineApi.create({ name: values.name.trim() });
    form.reset({ name: '' });
    await refresh('pipelines');
  });
  return (
    <InlineForm onSubmit={submit} error={form.formError} gap="xs">
      <TextInput label={t('ui.newPipeline')} placeholder={t('ui.renewals')} {...form.text('name')} />
      <Button type="submit" loading={form.submitting}>
        Create pipeline
      </Button>
    </InlineForm>
  );
}

/** Pipelines and their stages; only owners change them. */
export function PipelineSettings() {
  const { role } = useSession();
  const { pipelines, error } = usePipelines();
  const editable = may(role, 'pipelines', 'update');
  return (
    <Stack>
      {editable ? null : <Text c="dimmed">Pipelines are managed by the organization's owners.</Text>}
      <ErrorAlert error={error} />
      {pipelines.map((p) => (
        <PipelineCard key={p.id} pipeline={p} editable={editable} />
      ))}
      {editable ? <NewPipelineForm /> : null}
    </Stack>
  );
}
