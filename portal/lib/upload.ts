import { ApiError, errorFrom, signInUrl } from './api.ts';

/**
 * Multipart upload through XMLHttpRequest, because fetch cannot report upload progress.
 * `onProgress` receives 0..1; the answer and errors follow `api()`.
 */
export function uploadFile<T>(
  path: string,
  form: FormData,
  onProgress: (fraction: number) => void,
): { promise: Promise<T>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let data: { error?: { code: string; message: string; details?: unknown } } = {};
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // Not JSON (a proxy error page): errorFrom words it from the status.
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(data as T);
        return;
      }
      if (xhr.status === 401) location.assign(signInUrl());
      if (xhr.status === 413)
        reject(new ApiError(413, 'too_large', 'That file is too large. Please upload a smaller file.'));
      else reject(errorFrom(xhr.status, data.error));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, 'network', 'The upload was interrupted. Check your connection and try again.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled.'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}
