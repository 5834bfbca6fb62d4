// The tier tags (`.fast`, …) that the suites of this target carry are declared in TestSupport.
import TestSupport
