import AuraGit

/// What `git aura watch` reads from git config besides the heal settings:
/// `aura.schedule.*` and `aura.watch.*`, validated by `PolicyKeys` like every other key.
public struct WatchSettings: Sendable, Equatable {
    /// How a finished heal is announced (`aura.watch.notify`).
    public enum Notify: String, Sendable, CaseIterable {
        /// A desktop notification when a session bus and `notify-send` are there, else a terminal line.
        case desktop
        /// A line on standard output.
        case terminal
        /// Nothing.
        case none
    }

    public var schedule: ScheduleWindow
    /// `aura.schedule.models=always`: model providers are asked outside the window too.
    public var modelsAlways: Bool
    public var notify: Notify
    /// `aura.watch.debounce`: quiet time after the last change before a file is read, in seconds.
    public var debounce: Double

    public init(schedule: ScheduleWindow = ScheduleWindow(), modelsAlways: Bool = false, notify: Notify = .desktop, debounce: Double = 0.3) {
        self.schedule = schedule
        self.modelsAlways = modelsAlways
        self.notify = notify
        self.debounce = debounce
    }

    /// Reads the keys; an invalid value throws `HealPolicy.InvalidValue` naming the key, the
    /// value, where it was set and what is allowed.
    public static func load(_ config: GitConfig) throws -> WatchSettings {
        var settings = WatchSettings()
        if let hours = try PolicyKeys.validated(config, "aura.schedule.hours") { settings.schedule.hours = ScheduleWindow.parseHours(hours) ?? [] }
        if let days = try PolicyKeys.validated(config, "aura.schedule.days") { settings.schedule.days = ScheduleWindow.parseDays(days) ?? [] }
        if let models = try PolicyKeys.validated(config, "aura.schedule.models") { settings.modelsAlways = models.lowercased() == "always" }
        if let notify = try PolicyKeys.validated(config, "aura.watch.notify") { settings.notify = Notify(rawValue: notify.lowercased()) ?? .desktop }
        if let debounce = try PolicyKeys.validated(config, "aura.watch.debounce") { settings.debounce = Double(Int(debounce) ?? 300) / 1000 }
        return settings
    }
}
