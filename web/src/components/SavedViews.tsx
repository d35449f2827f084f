import { ActionIcon, Button, Group, Menu, Popover, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { t } from '../lib/i18n.ts';
import { navigate, useLocation } from '../lib/router.tsx';
import { usePersonalStorage } from '../session/usePersonalStorage.ts';

/** A named list address: its filters, search and sort, as the query string holds them. */
interface SavedView {
  name: string;
  search: string;
}

/** Saved views of one list, kept per person and organization in this browser. */
export function SavedViews({ list }: { list: string }) {
  const { path, search } = useLocation();
  const [views, setViews] = usePersonalStorage<SavedView[]>(`views.${list}`, []);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = search.toString();

  function save() {
    const trimmed = name.trim();
    if (!trimmed) return;
    setViews([...views.filter((v) => v.name !== trimmed), { name: trimmed, search: current }]);
    setName('');
    setNaming(false);
  }

  return (
    <Group gap={4} wrap="nowrap">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default">{t('views.button')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.length === 0 ? <Menu.Label>{t('views.none')}</Menu.Label> : null}
          {views.map((v) => (
            <Group key={v.name} gap={0} wrap="nowrap">
              <Menu.Item
                onClick={() => navigate(v.search ? `${path}?${v.search}` : path)}
                fw={v.search === current ? 700 : undefined}
              >
                {v.name}
              </Menu.Item>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={t('views.delete', { name: v.name })}
                onClick={() => setViews(views.filter((other) => other.name !== v.name))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Popover opened={naming} onChange={setNaming} position="bottom-end" trapFocus withinPortal>
        <Popover.Target>
          <Button variant="default" onClick={() => setNaming(!naming)}>
            {t('views.save')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <TextInput
              label={t('views.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') save();
              }}
              maxLength={60}
            />
            <Button size="xs" onClick={save} disabled={!name.trim()}>
              {t('views.saveButton')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
