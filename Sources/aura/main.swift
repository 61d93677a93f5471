import AuraCLI

AuraCommand.main()
