;; A shared memory without a maximum (threads proposal validation): invalid.
(module
  (memory 1 shared)
)
