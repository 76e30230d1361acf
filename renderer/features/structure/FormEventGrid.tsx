import { repeatKey, type ProjectDesign } from '../project/use-project-design.ts';
import './form-event-grid.css';

/**
 * REDCap's instrument designation as a matrix: instruments down, events across (grouped by arm), a
 * check where an instrument is used on an event; repeating instruments and events are marked.
 */
export function FormEventGrid({ design }: { design: ProjectDesign }) {
  const arms = design.arms.length > 0 ? design.arms : [...new Set(design.events.map((e) => e.arm))].map((num) => ({ num, name: '' }));
  const byArm = arms.map((arm) => ({ arm, events: design.events.filter((e) => e.arm === arm.num) })).filter((group) => group.events.length > 0);
  const events = byArm.flatMap((group) => group.events);
  const designations = design.formsByEvent;
  const used = (event: string, form: string): boolean => designations?.get(event)?.has(form) ?? false;

  return (
    <div className="fe-wrap">
      <table className="fe-grid" data-testid="form-event-grid">
        <caption className="sr-only">Instruments designated on each event</caption>
        <thead>
          <tr>
            <th rowSpan={2} scope="col" className="fe-corner">
              Instrument
            </th>
            {byArm.map(({ arm, events: armEvents }) => (
              <th key={arm.num} scope="colgroup" colSpan={armEvents.length} className="fe-arm">
                Arm {arm.num}
                {arm.name ? `: ${arm.name}` : ''}
              </th>
            ))}
          </tr>
          <tr>
            {events.map((event) => {
              const repeats = design.repeatingEvents.has(event.unique);
              return (
                <th key={event.unique} scope="col" className="fe-event" data-event={event.unique} title={event.unique}>
                  <span>{event.name}</span>
                  {repeats ? (
                    <span className="fe-repeat-mark" title="The whole event repeats">
                      {' '}
                      ↻<span className="sr-only"> (repeating event)</span>
                    </span>
                  ) : null}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {design.instruments.map((instrument) => (
            <tr key={instrument.name} data-form={instrument.name}>
              <th scope="row" className="fe-instrument">
                <span>{instrument.label}</span>
                <span className="mono muted">{instrument.name}</span>
              </th>
              {events.map((event) => {
                const on = used(event.unique, instrument.name);
                const repeating = on && design.repeatingForms.has(repeatKey(event.unique, instrument.name));
                return (
                  <td key={event.unique} className={on ? 'fe-on' : 'fe-off'} data-event={event.unique} data-designated={on} data-repeating={repeating}>
                    {on ? (
                      <>
                        <span aria-hidden="true">{repeating ? '↻' : '✓'}</span>
                        <span className="sr-only">{repeating ? 'yes, repeating' : 'yes'}</span>
                      </>
                    ) : (
                      <span className="sr-only">no</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="fe-legend muted">
        <span aria-hidden="true">✓</span> the instrument is used on the event · <span aria-hidden="true">↻</span> a repeating instrument there, or (in an event's
        heading) an event that repeats as a whole. {events.length} events, {design.instruments.length} instruments.
      </p>
    </div>
  );
}
