import { useEffect, useState } from 'react';
import { useApp } from '../app-context';

export interface LoadedImage {
  url: string;
  width: number;
  height: number;
}

/** The scan page as an object URL (revoked when the scan changes or the view unmounts). */
export function useScanImage(scanId: number | undefined, page = 1): LoadedImage | undefined {
  const { client, report } = useApp();
  const [image, setImage] = useState<LoadedImage>();
  useEffect(() => {
    if (scanId === undefined) {
      setImage(undefined);
      return;
    }
    let url: string | undefined;
    let current = true;
    client.call('getScanImage', { scanId, page }).then((result) => {
      if (!current) return;
      url = URL.createObjectURL(new Blob([result.bytes as Uint8Array<ArrayBuffer>], { type: result.mime }));
      setImage({ url, width: result.width, height: result.height });
    }, report);
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [client, report, scanId, page]);
  return image;
}
