import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmulatorSession } from '../helpers/registry.js';
import { HUB_PIPELINE_APP_ID, HUB_PIPELINE_NAME, PERSON, PIPELINE_APP_ID, PIPELINE_NAME } from '../../src/emulator/scenarios/history.js';
import type { EngineEvent, Report } from '../../src/engine/types.js';
import { renderText } from '../../src/output/text.js';
import { escapeMarkdown, renderMarkdown } from '../../src/output/markdown.js';
import { renderJunit } from '../../src/output/junit.js';
import { renderJson } from '../../src/output/json.js';
import { historyLine } from '../../src/output/history.js';
import { initialUiState, uiReducer, type UiState } from '../../src/ui/state.js';
import { rootCausePanelLines } from '../../src/ui/components/RunScreen.js';

/** Who changed it, in every output, from reports the real SDK clients read from the emulator. */
const reports = new Map<string, Report>();
const uiStates = new Map<string, UiState>();

beforeAll(async () => {
  for (const name of ['history-registry-deleted-by-person', 'history-cache-rule-deleted-by-pipeline', 'history-dns-link-deleted-long-ago', 'history-log-read-denied', 'history-hub-link-deleted-by-pipeline', 'managed-registry-deleted']) {
    const session = await openEmulatorSession({ scenario: name, history: !name.startsWith('managed-') });
    let state = uiReducer(initialUiState(), { type: 'diagnose-started' });
    const runId = state.run.runId;
    const events: EngineEvent[] = [];
    try {
      reports.set(name, await session.diagnose((e) => events.push(e)));
    } finally {
      await session.close();
    }
    for (const event of events) state = uiReducer(state, { type: 'engine', runId, event });
    uiStates.set(name, state);
  }
});
afterAll(() => reports.clear());

function report(name: string): Report {
  const r = reports.get(name);
  if (!r) throw new Error(`no report for ${name}`);
  return r;
}

/** Text wraps at the width: compare with the wrapping undone. */
function flat(text: string): string {
  return text.replace(/\n\s+/g, ' ');
}

describe('history in the outputs', () => {
  it('words an entry as the incident ticket needs it', () => {
    expect(historyLine({ time: '2026-11-20T03:12:44Z', caller: PERSON, callerKind: 'user', operation: 'Microsoft.ContainerRegistry/registries/delete', status: 'Succeeded', correlationId: '6f5e0a1b-0000' }))
      .toBe(`Deleted by ${PERSON} on 2026-11-20 03:12 UTC (correlation 6f5e…).`);
  });

  it('a person who deleted the registry appears in text, Markdown, JUnit and the UI panel', () => {
    const r = report('history-registry-deleted-by-person');
    const entry = r.rootCauses[0]?.history?.[0];
    expect(entry?.caller).toBe(PERSON);
    const line = historyLine(entry as NonNullable<typeof entry>);
    expect(line).toMatch(/^Deleted by jordan\.lee@contoso\.com on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(correlation 6f5e…\)\.$/);
    expect(flat(renderText(r, { color: false, width: 100 }))).toContain(line);
    expect(renderMarkdown(r)).toContain(escapeMarkdown(line));
    expect(renderJunit(r)).toContain(line);
    const panel = rootCausePanelLines(uiStates.get('history-registry-deleted-by-person') as UiState, 140).map((l) => l.text.trim());
    expect(panel).toContain(line);
  });

  it("a pipeline's service principal is named by its name and app id", () => {
    const text = flat(renderText(report('history-cache-rule-deleted-by-pipeline'), { color: false, width: 100 }));
    expect(text).toContain(`Deleted by service principal ${PIPELINE_NAME} (app id ${PIPELINE_APP_ID})`);
  });

  it('nothing found and no permission are notes', () => {
    expect(flat(renderText(report('history-dns-link-deleted-long-ago'), { color: false, width: 100 }))).toContain('No delete or change recorded in the last 90 days: older, or done by the platform.');
    expect(renderJunit(report('history-log-read-denied'))).toContain('Microsoft.Insights/eventtypes/values/read');
  });

  // Each history scenario: the exact words, and the JSON fields behind them, in every output.
  it.each([
    ['history-registry-deleted-by-person', `Deleted by ${PERSON} on 2026-11-20 03:12 UTC (correlation 6f5e…).`, { caller: PERSON, callerKind: 'user', time: '2026-11-20T03:12:04.000Z' }],
    ['history-cache-rule-deleted-by-pipeline', `Deleted by service principal ${PIPELINE_NAME} (app id ${PIPELINE_APP_ID}) on 2026-11-18 02:00 UTC (correlation 6f5e…).`, { caller: PIPELINE_APP_ID, callerKind: 'servicePrincipal', callerName: PIPELINE_NAME, time: '2026-11-18T02:00:04.000Z' }],
    ['history-hub-link-deleted-by-pipeline', `Deleted by service principal ${HUB_PIPELINE_NAME} (app id ${HUB_PIPELINE_APP_ID}) on 2026-11-19 10:00 UTC (correlation 6f5e…).`, { caller: HUB_PIPELINE_APP_ID, callerKind: 'servicePrincipal', callerName: HUB_PIPELINE_NAME, time: '2026-11-19T10:00:04.000Z' }],
    ['history-dns-link-deleted-long-ago', 'No delete or change recorded in the last 90 days: older, or done by the platform.', { note: 'none-in-retention' }],
    ['history-log-read-denied', 'Who changed it is not known: reading the Activity Log needs Microsoft.Insights/eventtypes/values/read.', { note: 'no-permission' }],
  ] as const)('%s: JSON, text, Markdown, JUnit and the UI panel', (name, line, expected) => {
    const r = report(name);
    const rc = (JSON.parse(renderJson(r)) as Report).rootCauses[0];
    if ('note' in expected) {
      expect(rc).toMatchObject({ history: [], historyNote: expected.note });
    } else {
      expect(rc?.history?.[0]).toMatchObject({ ...expected, status: 'Succeeded', correlationId: expect.stringMatching(/^6f5e/) as unknown });
      expect(rc?.historyNote).toBeUndefined();
    }
    expect(flat(renderText(r, { color: false, width: 100 }))).toContain(line);
    expect(renderMarkdown(r)).toContain(escapeMarkdown(line));
    expect(renderJunit(r)).toContain(line);
    const panel = rootCausePanelLines(uiStates.get(name) as UiState, 200).map((l) => l.text.trim());
    expect(panel).toContain(line);
  });

  it("AKS's own writes are labelled as such", () => {
    expect(historyLine({ time: '2026-11-19T08:00:00Z', caller: '7319c514-987d-4e9b-ac3d-d38c4f427f4c', callerKind: 'aks', operation: 'Microsoft.ContainerService/managedClusters/write', status: 'Succeeded', correlationId: 'a1b2c3' }))
      .toBe('Changed by AKS itself (7319c514-987d-4e9b-ac3d-d38c4f427f4c) on 2026-11-19 08:00 UTC (correlation a1b2…).');
  });

  it('a report without history shows no history line (existing scenarios, --no-history)', () => {
    const r = report('managed-registry-deleted');
    expect(r.rootCauses[0]?.history).toBeUndefined();
    for (const out of [renderText(r, { color: false }), renderMarkdown(r), renderJunit(r)]) {
      expect(out).not.toMatch(/Deleted by|No delete or change recorded|Activity Log/);
    }
  });
});
