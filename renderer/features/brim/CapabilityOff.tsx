/** Where a feature would be: why it is off for this connection (the server lacks the endpoint). */
export function CapabilityOff({ feature, note, name }: { feature: string; note: string | null; name: string }) {
  return (
    <div className="notice notice-info brim-capability-off" role="note" data-testid="brim-capability-off" data-capability={name}>
      <div>
        <strong>{feature} is not available on this Brim server.</strong>
        <div>{note ?? 'The server does not offer this part of the API. Use Brim’s web app for it.'}</div>
      </div>
    </div>
  );
}
