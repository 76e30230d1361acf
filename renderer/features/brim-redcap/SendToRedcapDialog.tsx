import { useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { formatCount, formatRelative } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ImportDialog } from '../imports/ImportDialog.tsx';
import { MappingTable } from './MappingTable.tsx';
import { useBrimRedcap, type ResultsKind } from './use-brim-redcap.ts';
import './brim-redcap.css';

/**
 * Brim results into a REDCap project connected in Carrel: choose the project, how patients find their
 * records and which variable goes into which field; "Check and review" then writes the values as a CSV
 * and hands over to the ordinary import dialog (problems, changes old → new, journaled import, undo).
 */
export function SendToRedcapDialog({ brimConnectionId, available, onClose }: { brimConnectionId: string; available: Record<ResultsKind, boolean>; onClose: () => void }) {
  const api = useApi();
  const s = useBrimRedcap(brimConnectionId, available.patient || !available.detailed ? 'patient' : 'detailed');
  const [overwrite, setOverwrite] = useState(false);
  const [planning, setPlanning] = useState(false);
  const [handedOver, setHandedOver] = useState<{ jobId: string; fileName: string } | null>(null);
  const { prepared, check } = s;

  if (handedOver && s.chosen) {
    return <ImportDialog connectionId={s.chosen.id} projectName={s.chosen.name} initialFile={null} initialPlan={handedOver} onClose={onClose} onImported={() => undefined} />;
  }

  const review = async (): Promise<void> => {
    if (!s.input || planning) return;
    setPlanning(true);
    s.setError(null);
    try {
      const { jobId, fileName } = await api.call('brimRedcap.plan', { ...s.input, overwrite });
      setHandedOver({ jobId, fileName });
    } catch (e) {
      s.setError(e);
      setPlanning(false);
    }
  };
  const ready = Boolean(check?.ready) && !s.checking && !planning;

  return (
    <Dialog
      title="Send Brim results to REDCap"
      onClose={onClose}
      width={1000}
      testId="brim-redcap-dialog"
      footer={
        <>
          <span className="muted" data-testid="brim-redcap-summary">
            {check ? `${formatCount(check.rowsToWrite)} records will be checked against REDCap.` : ''}
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={!ready} onClick={() => void review()}>
            {planning ? 'Checking…' : 'Check and review'}
          </button>
        </>
      }
    >
      <div className="brim-redcap">
        <div className="brim-redcap-choices-row">
          <label>
            <span>REDCap project</span>
            <select aria-label="REDCap project" value={s.redcapId} onChange={(e) => s.setRedcapId(e.target.value)}>
              <option value="">— choose —</option>
              {(s.connections ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.cached ? '' : ' (not synced)'}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="brim-redcap-source">
            <legend>Brim results</legend>
            {(['patient', 'detailed'] as const).map((kind) => (
              <label key={kind}>
                <input type="radio" name="brim-redcap-results" checked={s.results === kind} disabled={!available[kind]} onChange={() => s.setResults(kind)} />
                {kind === 'patient' ? 'Patient-level' : 'Detailed labels'}
                {available[kind] ? '' : ' (not fetched)'}
              </label>
            ))}
          </fieldset>
          {prepared?.longitudinal ? (
            <label>
              <span>Event</span>
              <select aria-label="Event" value={s.event} onChange={(e) => s.setEvent(e.target.value)}>
                {prepared.events.map((ev) => (
                  <option key={ev.name} value={ev.name}>
                    {ev.label}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        {s.connections && s.connections.length === 0 ? <p className="notice notice-warning">Connect a REDCap project first (Add connection), sync it, then send the results.</p> : null}
        {s.chosen && !s.synced ? (
          <p className="notice notice-warning" data-testid="brim-redcap-not-synced">
            {s.chosen.name} has not been synced yet. Sync it first (open the project and press Sync), so that Carrel knows its fields and records.
          </p>
        ) : null}
        {s.preparing ? <p className="muted" role="status">Reading the results and the project…</p> : null}
        {s.error ? <ErrorNotice error={s.error} /> : null}
        {prepared ? (
          <>
            <p className="muted" data-testid="brim-redcap-fold">
              From {prepared.brimProject}, fetched {formatRelative(prepared.fetchedAt)}. {prepared.fold}
            </p>
            <div className="brim-redcap-match">
              <label>
                <span>Find each patient&apos;s record by</span>
                <select aria-label="Match field" value={s.matchField} onChange={(e) => s.setMatchField(e.target.value)}>
                  {prepared.matchFields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {f.name} · {f.label}
                    </option>
                  ))}
                </select>
              </label>
              {check ? (
                <div role="status" data-testid="brim-redcap-counts" data-matched={check.matched} data-unmatched={check.unmatched} data-ambiguous={check.ambiguous}>
                  <strong>
                    {formatCount(check.matched)} of {formatCount(check.patients)} patients
                  </strong>{' '}
                  match a record.
                  {check.unmatched > 0 ? (
                    <div className="muted">
                      {formatCount(check.unmatched)} match no record and are left out: {check.unmatchedIds.join(', ')}
                      {check.unmatched > check.unmatchedIds.length ? ', …' : ''}
                    </div>
                  ) : null}
                  {check.ambiguous > 0 ? (
                    <div className="muted">
                      {formatCount(check.ambiguous)} match several records (or share one) and are left out: {check.ambiguousIds.join(', ')}
                      {check.ambiguous > check.ambiguousIds.length ? ', …' : ''}
                    </div>
                  ) : null}
                </div>
              ) : null}
            </div>
            {check && check.problems.length > 0 ? (
              <ul className="notice notice-error brim-redcap-problems" data-testid="brim-redcap-problems">
                {check.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            ) : null}
            <MappingTable prepared={prepared} draft={s.draft} verdicts={check?.verdicts ?? []} onField={s.setField} onValue={s.setValue} />
            <label className="brim-redcap-overwrite">
              <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
              Erase REDCap values where Brim has none (for the mapped fields of matched records)
            </label>
          </>
        ) : null}
      </div>
    </Dialog>
  );
}
