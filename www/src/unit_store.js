// Unit mode's files kept on this device (www/src/pages/unit/persist.rs): IndexedDB, since a roster can be
// megabytes, past local storage's few. One database, one object store, one record per file slot:
// { meta: the description as JSON text, data: the file as a Blob (a CSV file as chosen; a sheet's cells as JSON) }.
// Records of older pages hold the bytes (a Uint8Array): they are read back as a Blob of those bytes.
// Every failure rejects with an Error the page shows (private mode, storage disabled, quota exceeded, blocked).

const DATABASE = 'xeploai-unit';
const STORE = 'files';

function openDatabase() {
  return new Promise((resolve, reject) => {
    let request;
    try {
      request = indexedDB.open(DATABASE, 1);
    } catch (error) {
      reject(error);
      return;
    }
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error || new Error('indexedDB.open failed'));
    request.onblocked = () => reject(new Error('blocked by another tab'));
  });
}

// Run `work(store)` in one transaction; resolves with the value of the request it returns (if any) once the
// transaction has completed, so a write is on disk when the promise resolves.
async function transaction(mode, work) {
  const database = await openDatabase();
  return new Promise((resolve, reject) => {
    let request;
    const done = (settle) => (value) => {
      database.close();
      settle(value);
    };
    try {
      const tx = database.transaction(STORE, mode);
      tx.oncomplete = () => done(resolve)(request ? request.result : undefined);
      tx.onerror = () => done(reject)(tx.error || new Error('transaction failed'));
      tx.onabort = () => done(reject)(tx.error || new Error('transaction aborted'));
      request = work(tx.objectStore(STORE));
    } catch (error) {
      done(reject)(error);
    }
  });
}

// The record of a slot: [meta, data] (data as a Blob), or null when there is none. A record not in this shape
// comes back as it can (its meta as text, its data empty), for the page to call unreadable.
export async function unit_store_get(key) {
  const record = await transaction('readonly', (store) => store.get(key));
  if (record === undefined || record === null) return null;
  const meta = typeof record.meta === 'string' ? record.meta : JSON.stringify(record);
  const { data } = record;
  const blob = data instanceof Blob ? data : new Blob([data instanceof Uint8Array ? data : new Uint8Array(0)]);
  return [meta, blob];
}

// `data`: a Blob (the file chosen: IndexedDB keeps its bytes, outside the page's memory) or bytes.
export async function unit_store_put(key, meta, data) {
  const value = data instanceof Blob ? data : new Uint8Array(data);
  await transaction('readwrite', (store) => store.put({ meta, data: value }, key));
}

export async function unit_store_delete(key) {
  await transaction('readwrite', (store) => store.delete(key));
}
