// Problems, candidates, rules and verification moved to AuraRepair so the language server can use
// them without git; every user of the healer keeps seeing them through `import AuraHeal`.
@_exported import AuraRepair
