import { useRef, useState, type DragEvent } from 'react';

export interface FileDropProps {
  onDragEnter: (event: DragEvent) => void;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
}

function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/**
 * Makes an element a drop target for files from the desktop: `over` is true while files hover over it
 * (for the highlight); `disabled` refuses drops (busy).
 */
export function useFileDrop(onFiles: (files: File[]) => void, disabled = false): { over: boolean; props: FileDropProps } {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child; counting them tells when the pointer really left.
  const depth = useRef(0);
  const props: FileDropProps = {
    onDragEnter: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      if (!disabled) setOver(true);
    },
    onDragOver: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    },
    onDragLeave: () => {
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    },
    onDrop: (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      depth.current = 0;
      setOver(false);
      const files = [...event.dataTransfer.files];
      if (files.length > 0 && !disabled) onFiles(files);
    },
  };
  return { over, props };
}
