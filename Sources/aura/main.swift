import AuraCLI
import AuraDiagnostics

AllocatorTuning.apply()
AuraCommand.main()
