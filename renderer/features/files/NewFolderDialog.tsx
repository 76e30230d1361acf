import { useState } from 'react';
import { Dialog } from '../../components/Dialog.tsx';

export function NewFolderDialog({ parent, onCreate, onClose }: { parent: string; onCreate: (name: string) => void; onClose: () => void }) {
  const [name, setName] = useState('');
  const valid = name.trim().length > 0 && name.trim().length <= 150;
  return (
    <Dialog
      title="New folder"
      onClose={onClose}
      width={420}
      testId="new-folder-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="new-folder-form" className="btn btn-primary" disabled={!valid}>
            Create folder
          </button>
        </>
      }
    >
      <form
        id="new-folder-form"
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) onCreate(name.trim());
        }}
      >
        <label>
          <span>Folder name</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} maxLength={150} autoFocus />
        </label>
        <p className="muted">It is created in {parent} of the project's File Repository in REDCap.</p>
      </form>
    </Dialog>
  );
}
