import { addConnection, expect, test } from './carrel-fixture.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';
import { redcapJson } from './sandbox-api.ts';

const longitudinalToken = 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02';

test.describe('a longitudinal project', () => {
  test.use({ records: 20, projectToken: longitudinalToken });

  test('the form–event grid shows which instruments each event uses, by arm, with repeating ones marked', async ({ page, carrel }) => {
    await page.goto(carrel.url);
    await addConnection(page, carrel.redcapUrl, carrel.token);
    await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
    const nav = page.getByTestId('navigator');
    const mapping = await redcapJson<Array<{ arm_num: number; unique_event_name: string; form: string }>>(carrel.redcapUrl, carrel.token, { content: 'formEventMapping' });
    const events = await redcapJson<Array<{ unique_event_name: string; event_name: string; arm_num: number }>>(carrel.redcapUrl, carrel.token, { content: 'event' });
    const instruments = await redcapJson<Array<{ instrument_name: string }>>(carrel.redcapUrl, carrel.token, { content: 'instrument' });
    const repeating = await redcapJson<Array<{ event_name: string; form_name: string }>>(carrel.redcapUrl, carrel.token, { content: 'repeatingFormsEvents' });

    await nav.locator('[data-nav-key="special:arms-events"]').click();
    const grid = page.getByTestId('form-event-grid');
    await expect(grid.locator('tbody tr')).toHaveCount(instruments.length);
    await expect(grid.locator('th.fe-event')).toHaveCount(events.length);
    await expect(grid.locator('td[data-designated="true"]')).toHaveCount(mapping.length);
    for (const { unique_event_name: event, form } of mapping) {
      await expect(grid.locator(`tr[data-form="${form}"] td[data-event="${event}"]`)).toHaveAttribute('data-designated', 'true');
    }
    const repeatingForms = repeating.filter((r) => r.form_name !== '');
    await expect(grid.locator('td[data-repeating="true"]')).toHaveCount(repeatingForms.length);
    for (const r of repeatingForms) await expect(grid.locator(`tr[data-form="${r.form_name}"] td[data-event="${r.event_name}"]`)).toHaveAttribute('data-repeating', 'true');
    for (const r of repeating.filter((e) => e.form_name === '')) await expect(grid.locator(`th[data-event="${r.event_name}"]`)).toContainText('repeating event');
    for (const arm of new Set(events.map((e) => e.arm_num))) await expect(grid.locator('th.fe-arm', { hasText: `Arm ${arm}` })).toHaveCount(1);

    // The tables behind the grid.
    await page.getByRole('button', { name: 'Instruments per event' }).click();
    await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${mapping.length} rows`));

    // One event as a record preset: the rows of that event in the flat export.
    const rows = await redcapRecords(carrel.redcapUrl, carrel.token);
    const baseline = rows.filter((row) => row.redcap_event_name === 'baseline_arm_1');
    const entry = nav.locator('[data-nav-key="preset:event:baseline_arm_1"]');
    await expect(entry).toContainText(String(baseline.length));
    await entry.click();
    await expect(page.getByTestId('row-count')).toHaveText(new RegExp(`^${baseline.length} rows`));
  });
});

test.describe('a classic project', () => {
  test.use({ records: 5 });

  test('arms and events do not apply, and the main area says so', async ({ page, carrel }) => {
    await page.goto(carrel.url);
    await addConnection(page, carrel.redcapUrl, carrel.token);
    await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
    const entry = page.getByTestId('navigator').locator('[data-nav-key="special:arms-events"]');
    await expect(entry).toContainText('n/a');
    await entry.click();
    const notice = page.getByTestId('unavailable');
    await expect(notice).toHaveAttribute('data-state', 'not-applicable');
    await expect(notice).toContainText("doesn't apply to this project");
    await expect(notice).toContainText(/classic project/);
  });
});

test.describe('a token of a user in a data access group', () => {
  test.use({ records: 30, projectToken: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE05' });

  test('datasets the token may not read are marked, explained, and named after the sync', async ({ page, carrel }) => {
    await page.goto(carrel.url);
    await addConnection(page, carrel.redcapUrl, carrel.token);
    await expect(page.getByTestId('records-grid')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('sync-result')).toContainText(/\d+ datasets? not available for this token \(.*DAGs/);
    const entry = page.getByTestId('navigator').locator('[data-nav-key="dataset:dags"]');
    await expect(entry).toHaveAttribute('data-state', 'forbidden');
    await expect(entry).toContainText('no access');
    await expect(entry).toHaveAttribute('title', /not allowed/);
    await entry.click();
    const notice = page.getByTestId('unavailable');
    await expect(notice).toContainText('DAGs: not available for this token');
    await expect(notice).toContainText(/not allowed to read this/);
    await expect(page.getByRole('button', { name: 'Export…' })).toBeDisabled();
  });
});
