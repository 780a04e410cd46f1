"""Threaded: worker threads take jobs from a shared list under a lock and
add their results to a shared total (the GIL serialises them; this measures
thread switching and lock overhead, not parallel speed-up)."""

import threading

N_THREADS = 4
N_JOBS = 1600


def work(k):
    s = 0
    for i in range(150):
        s += (i * k) % 7
    return s


jobs = list(range(N_JOBS))
lock = threading.Lock()
results = [0] * N_THREADS
done = [0] * N_THREADS


def worker(idx):
    while True:
        with lock:
            if not jobs:
                return
            k = jobs.pop()
        r = work(k)
        with lock:
            results[idx] += r
            done[idx] += 1


threads = [threading.Thread(target=worker, args=(i,)) for i in range(N_THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", sum(results), sum(done))
