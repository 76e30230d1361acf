import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BrimRedcapCheck, BrimRedcapPair, BrimRedcapPrepare } from '../../../shared/contract/brim-redcap.ts';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';

export type ResultsKind = 'patient' | 'detailed';

/** Variable → its REDCap field and the user's own value → code answers. */
export type Draft = Record<string, { field: string; values: Record<string, string | null> }>;

function draftOf(mapping: readonly BrimRedcapPair[]): Draft {
  return Object.fromEntries(mapping.map((p) => [p.variable, { field: p.field, values: { ...(p.values ?? {}) } }]));
}

export function pairsOf(draft: Draft): BrimRedcapPair[] {
  return Object.entries(draft).map(([variable, d]) => ({ variable, field: d.field, ...(Object.keys(d.values).length > 0 ? { values: d.values } : {}) }));
}

/**
 * The "Send to REDCap" dialog's state: the REDCap connections, what main prepared for the chosen one, the
 * drafted mapping, and a fresh check (verdicts and match counts) a moment after every change.
 */
export function useBrimRedcap(brimConnectionId: string, initialResults: ResultsKind) {
  const api = useApi();
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [redcapId, setRedcapId] = useState<string>('');
  const [results, setResults] = useState<ResultsKind>(initialResults);
  const [event, setEvent] = useState<string>('');
  const [prepared, setPrepared] = useState<BrimRedcapPrepare | null>(null);
  const [matchField, setMatchField] = useState('');
  const [draft, setDraft] = useState<Draft>({});
  const [check, setCheck] = useState<BrimRedcapCheck | null>(null);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [preparing, setPreparing] = useState(false);

  useEffect(() => {
    let live = true;
    api.call('connections.list', {}).then(
      (list) => {
        if (!live) return;
        const redcaps = list.filter((c) => c.kind === 'redcap');
        setConnections(redcaps);
        const first = redcaps.find((c) => c.cached !== null);
        if (first) setRedcapId(first.id);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const chosen = connections?.find((c) => c.id === redcapId) ?? null;
  const synced = chosen?.cached != null;

  useEffect(() => {
    setPrepared(null);
    setCheck(null);
    if (!redcapId || !synced) return;
    let live = true;
    setPreparing(true);
    setError(null);
    api.call('brimRedcap.prepare', { brimConnectionId, redcapConnectionId: redcapId, results, ...(event ? { event } : {}) }).then(
      (p) => {
        if (!live) return;
        setPrepared(p);
        setMatchField(p.matchField);
        setDraft(draftOf(p.mapping));
        setCheck(p.check);
        if (p.longitudinal && !event && p.events[0]) setEvent(p.events[0].name);
        setPreparing(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setPreparing(false);
      },
    );
    return () => {
      live = false;
    };
    // The event is chosen inside the prepared project; a new event is checked, not prepared again.
  }, [api, brimConnectionId, redcapId, synced, results]);

  const pairs = useMemo(() => pairsOf(draft), [draft]);
  const input = useMemo(
    () => (prepared ? { brimConnectionId, redcapConnectionId: redcapId, results, matchField, mapping: pairs, ...(event ? { event } : {}) } : null),
    [prepared, brimConnectionId, redcapId, results, matchField, pairs, event],
  );

  // Checked a moment after the last change, so picking through a list does not send a call per step.
  const sequence = useRef(0);
  useEffect(() => {
    if (!input) return;
    const mine = ++sequence.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api.call('brimRedcap.check', input).then(
        (c) => {
          if (mine !== sequence.current) return;
          setCheck(c);
          setChecking(false);
        },
        (e: unknown) => {
          if (mine !== sequence.current) return;
          setError(e);
          setChecking(false);
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [api, input]);

  const setField = useCallback((variable: string, field: string | null) => {
    setDraft((d) => {
      const next = { ...d };
      if (field === null) delete next[variable];
      else next[variable] = { field, values: d[variable]?.field === field ? d[variable].values : {} };
      return next;
    });
  }, []);

  const setValue = useCallback((variable: string, value: string, code: string | null | undefined) => {
    setDraft((d) => {
      const current = d[variable];
      if (!current) return d;
      const values = { ...current.values };
      if (code === undefined) delete values[value];
      else values[value] = code;
      return { ...d, [variable]: { ...current, values } };
    });
  }, []);

  return {
    connections, redcapId, setRedcapId, chosen, synced, results, setResults, event, setEvent,
    prepared, preparing, matchField, setMatchField, draft, setField, setValue, check, checking, error, setError, input,
  };
}
