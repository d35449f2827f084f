import { Button, Checkbox, Modal, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { leads } from '../../api/endpoints.ts';
import type { Lead } from '../../api/types.ts';
import { FormError } from '../../components/FormError.tsx';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useNotify } from '../../components/Notices.tsx';
import { compact, useApiForm } from '../../components/useApiForm.ts';
import { t } from '../../lib/i18n.ts';
import { navigate } from '../../lib/router.tsx';
import { useRefresh } from '../records/useRecord.ts';

/** Turns a lead into a customer, and by default a deal at the pipeline's first stage. */
export function ConvertLead({ lead }: { lead: Lead }) {
  const [open, setOpen] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  const form = useApiForm({
    createDeal: true,
    dealTitle: lead.company ? `${lead.company}` : lead.name,
    dealValue: lead.estimatedValue,
  });

  const submit = form.onSubmit(async (values) => {
    const result = await leads.convert(lead.id, values.createDeal ? compact(values) : { createDeal: false });
    await refresh('leads', 'customers', 'deals');
    setOpen(false);
    notify(
      result.deal ? `Converted: customer and deal "${result.deal.title}" created` : 'Converted to a customer',
    );
    navigate(result.deal ? `/deals/${result.deal.id}` : `/customers/${result.customer.id}`);
  });

  return (
    <>
      <Button variant="light" color="violet" onClick={() => setOpen(true)}>
        Convert
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Convert ${lead.name}`} centered>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormError message={form.formError} />
            <Checkbox
              label={t('ui.alsoOpenADeal')}
              checked={form.values.createDeal}
              onChange={(e) => form.set('createDeal', e.currentTarget.checked)}
            />
            {form.values.createDeal ? (
              <>
                <TextInput label={t('ui.dealTitle')} {...form.text('dealTitle')} />
                <MoneyInput
                  label={t('ui.dealValue')}
                  currency={lead.currency}
                  value={form.values.dealValue}
                  onChange={(v) => form.set('dealValue', v)}
                  error={form.error('dealValue')}
                />
              </>
            ) : null}
            <Button type="submit" loading={form.submitting}>
              Convert lead
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
