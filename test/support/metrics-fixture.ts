import type { LinkUpsert, NodeUpsert, WriteBatch } from '../../src/graph/store.js';

/**
 * A hand-made graph whose operational metrics are known (worked out in test/metrics.test.ts).
 * Period 2026-09-07 (Mon) to 2026-09-20 (Sun), window 7 days, threshold 0.25.
 */
export const PERIOD = { since: '2026-09-07', until: '2026-09-20' };

/** Subject of K12, hostile on purpose: markup and a terminal escape. */
export const HOSTILE_SUBJECT = '<script>alert("k12")</script>\u001b[2J Battery drains fast';
/** Statement of f-sim, hostile on purpose. */
export const HOSTILE_TITLE = 'SIM not detected </script><img src=x onerror=alert(1)>';

/** id, customer, created at, subject, faults (`id` or `id:mode`), the ticket's product. */
type CaseRow = [string, string | null, string, string, string[], string?];

const CASES: CaseRow[] = [
  // Before the period: history only.
  ['K0', 'C1', '2026-09-03T09:00:00Z', 'server down again', ['f-psu:merge']],
  ['K1', 'C1', '2026-09-08T09:00:00Z', 'server is down', ['f-psu:merge']],
  ['K2', 'C2', '2026-09-08T10:00:00Z', 'host offline', ['f-psu:merge']],
  ['K3', 'C2', '2026-09-16T11:00:00Z', 'machine not booting', ['f-psu:merge']],
  ['K4', 'C3', '2026-09-09T08:00:00Z', 'disk is full', ['f-disk:merge']],
  ['K5', 'C3', '2026-09-10T08:00:00Z', 'power supply failed', ['f-psu:merge']],
  ['K6', 'C4', '2026-09-15T08:00:00Z', 'no sim card', ['f-sim:merge'], 'p-phone'],
  ['K7', 'C4', '2026-09-17T08:00:00Z', 'sim missing', ['f-sim:merge']],
  ['K8', null, '2026-09-18T08:00:00Z', 'phone lost signal', ['f-sim:merge']],
  ['K9', 'C5', '2026-09-19T08:00:00Z', 'Printer paper jam error E12', []],
  ['K10', 'C6', '2026-09-19T12:00:00Z', 'printer paper jam again', ['f-new1:create']],
  ['K11', 'C7', '2026-09-20T10:00:00Z', 'Paper jam in the printer tray', ['f-new2:create']],
  ['K12', 'C8', '2026-09-12T08:00:00Z', HOSTILE_SUBJECT, ['f-old:merge']],
  ['K14', 'C1', '2026-09-14T09:00:00Z', 'server down once more', ['f-psu']],
  // After the period.
  ['K13', 'C1', '2026-09-21T00:00:01Z', 'server down', ['f-psu:merge']],
];

export function metricsBatch(): WriteBatch {
  const nodes: NodeUpsert[] = [
    { type: 'Product', id: 'p-cloud', props: { name: 'Cloud Server', name_en: 'Cloud Server' } },
    { type: 'Product', id: 'p-phone', props: { name: 'Smartphone', name_en: 'Smartphone' } },
    { type: 'Fault', id: 'f-psu', props: { title: 'Server down: PSU failed', product: 'p-cloud' } },
    { type: 'Fault', id: 'f-disk', props: { title: 'Disk full', product: 'p-cloud' } },
    { type: 'Fault', id: 'f-sim', props: { title: HOSTILE_TITLE, product: 'p-phone' } },
    {
      type: 'Fault',
      id: 'f-old',
      props: { title: 'Battery drain', product: 'p-phone', state: 'ARCHIVED' },
    },
    {
      type: 'Fault',
      id: 'f-new1',
      props: { title: 'printer paper jam again', state: 'WORK_IN_PROGRESS' },
    },
    { type: 'Fault', id: 'f-new2', props: { title: 'Paper jam in the printer tray' } },
    { type: 'Solution', id: 's-fix', props: { title: 'Replace the PSU' } },
  ];
  const links: LinkUpsert[] = [
    {
      type: 'RESOLVED_BY',
      from: { type: 'Fault', id: 'f-psu' },
      to: { type: 'Solution', id: 's-fix' },
    },
  ];
  for (const [id, customer, at, subject, reports, product] of CASES) {
    const props: NodeUpsert['props'] = { subject, createdAt: at, customerId: customer };
    if (product) props.product = product;
    nodes.push({ type: 'Case', id, props });
    for (const r of reports) {
      const [fault, mode] = r.split(':');
      links.push({
        type: 'REPORTS',
        from: { type: 'Case', id },
        to: { type: 'Fault', id: fault! },
        ...(mode ? { props: { mode } } : {}),
      });
    }
  }
  return { nodes, links };
}
